"""Hashtags by twitter-text's rule: the one definition shared by catalogues, messages and posts.

A hashtag is a `#` or `＃` followed by letters, combining marks, digits, `_` and a few joiners
(ZWNJ, ZWJ and others of twitter-text's `hashtagSpecialChars`), with at least one letter or mark;
so Hindi (`#मानवाधिकार`), Thai, Telugu and Persian with a zero-width non-joiner are hashtags, and
`#16` is not. Source: twitter-text's `hashtagAlpha`, `hashtagAlphaNumeric` and
`hashtagSpecialChars` (https://github.com/twitter/twitter-text, js/src/regexp).
"""

from __future__ import annotations

import regex

_SPECIAL = "_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
_BODY = rf"[\p{{L}}\p{{M}}\p{{Nd}}{_SPECIAL}]*[\p{{L}}\p{{M}}][\p{{L}}\p{{M}}\p{{Nd}}{_SPECIAL}]*"
HASHTAG = regex.compile(rf"(?:^|(?<=[^&\p{{L}}\p{{M}}\p{{Nd}}{_SPECIAL}]))[#＃](?![\ufe0f\u20e3])({_BODY})")
_WHOLE = regex.compile(rf"[#＃]{_BODY}")


def hashtags(text: str) -> list[str]:
    """The hashtags in `text`, with their `#`, in order."""
    return ["#" + m.group(1) for m in HASHTAG.finditer(text)]


def is_hashtag(tag: str) -> bool:
    """True when `tag` is one whole hashtag (`#HumanRights`, `#मानवाधिकार`), not `#16` or `#a b`."""
    return bool(_WHOLE.fullmatch(tag))
