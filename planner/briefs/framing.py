"""How to speak to each audience a brief can address: framing, channels and calls to action.

Core data, kept as typed constants rather than a YAML file because (1) the core reads no files,
(2) the wording is part of every generated brief and is pinned by the golden tests, (3) each line
cites the recommendations it rests on by id, which a test checks against the catalogue. A team
changes the words for one brief with `--messages`, not by editing this table.

Everything here is our own wording. Advice that rests on a report names the recommendation ids;
the brief turns them into citations (`WP3013 §14(iii)`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One piece of advice or call to action, with the recommendation ids behind it."""

    text: str
    recommendations: tuple[str, ...] = ()
    team: bool = False  # a to-do for the team, never put in a post


@dataclass(frozen=True, slots=True)
class Framing:
    """How to address one audience."""

    id: str
    label: str  # for headings: "young people"
    core: str  # ends the core message "On <day>, ..."
    framing: tuple[Line, ...]
    channels: str
    calls_to_action: tuple[Line, ...]
    recommendations: tuple[str, ...]  # what the reports ask of or about this audience, in order
    public_call: str = ""  # a call to action said to the audience, for posts on days without messaging


# WP3013 §15 applies to every audience: plain, positive, solution-focused, digital-first.
COMMON = (
    Line(
        "Use everyday words and speak about values people share; say what is working and what "
        "people can do, not only what is wrong.",
        ("WP3013-15",),
    ),
    Line("Plan for phones and social media first, then adapt for print and events.", ("WP3013-15",)),
)

FRAMINGS: dict[str, Framing] = {
    f.id: f
    for f in (
        Framing(
            id="general",
            label="the general public",
            core="we can all help protect the rights that protect us.",
            framing=(
                Line("Start with people, not institutions: what changes for a family, a school or a street."),
                Line(
                    "Pair every problem with a success story and one thing people can do.",
                    ("WP2011-20.4",),
                ),
            ),
            channels="Short posts with one picture or a captioned video; messaging apps; local radio.",
            calls_to_action=(
                Line("Share one post today, in your own words."),
                Line("Tell a friend one thing you learned about {day}."),
                Line("Find a local group working on this and support it."),
            ),
            recommendations=("WP2011-20.4", "WP3013-16.1"),
            public_call="Share this post and tell a friend why it matters to you.",
        ),
        Framing(
            id="youth",
            label="young people",
            core="young people can lead the way in standing up for everyone's rights.",
            framing=(
                Line(
                    "Ask young people to shape the message and make the materials for their peers.",
                    ("WP3013-14.3",),
                ),
                Line("Keep it relevant and inspiring: real stories, told by people their age.", ("WP3013-14.3",)),
                Line(
                    "Give young people a real say, for example through youth councils.",
                    ("WP2011-20.6",),
                ),
            ),
            channels="Instagram, short video and messaging apps; schools, clubs and youth groups.",
            calls_to_action=(
                Line("Make a short video or post about what {day} means to you."),
                Line("Ask your school, club or youth council to hold a session for {day}.", ("WP3013-14.3",)),
                Line("Share a post and invite a friend to join in."),
            ),
            recommendations=("WP3013-14.3", "WP2011-20.6"),
            public_call="Share this with a friend and add your own voice.",
        ),
        Framing(
            id="business",
            label="business",
            core="companies can show that good business respects people's rights.",
            framing=(
                Line(
                    "Point to standards companies already know, such as the UN Guiding Principles on "
                    "Business and Human Rights.",
                    ("WP3013-14.1",),
                ),
                Line("Keep in touch all year, not only when something goes wrong.", ("WP3013-14.1",)),
                Line("Treat companies as partners in the campaign, with messages made for them.", ("WP2011-22.4",)),
            ),
            channels="LinkedIn, business networks and newsletters; staff events.",
            calls_to_action=(
                Line(
                    "Check your policies against the UN Guiding Principles on Business and Human Rights.",
                    ("WP3013-14.1",),
                ),
                Line("Mark {day} with your staff and share one thing your company does to respect rights."),
                Line("Ask your suppliers and security contractors how they protect people's rights."),
            ),
            recommendations=("WP3013-14.1", "WP2011-22.4", "WP2011-22.2"),
            public_call="Tell your staff and customers one thing your company does to respect people's rights.",
        ),
        Framing(
            id="security-sector",
            label="the security sector",
            core="keeping people safe and respecting their rights go together.",
            framing=(
                Line(
                    "Speak to military, police and private security staff as professionals with their own "
                    "standards, such as the Voluntary Principles on Security and Human Rights and the "
                    "International Code of Conduct for Private Security Service Providers.",
                    ("WP3013-14.1",),
                ),
                Line("Stay in touch in calm times as well as in crises.", ("WP3013-14.1",)),
            ),
            channels="Training sessions and briefings; professional networks; LinkedIn.",
            calls_to_action=(
                Line("Include {day} in a training session or briefing."),
                Line("Share the standards that guide your work with your teams.", ("WP3013-14.1",)),
            ),
            recommendations=("WP3013-14.1",),
            public_call="Share the standards that guide your work with your team.",
        ),
        Framing(
            id="faith",
            label="faith communities",
            core="faith communities can carry the message of human dignity further.",
            framing=(
                Line(
                    "Invite faith leaders to share the message in their own words, at their own gatherings.",
                    ("WP3013-14.4",),
                ),
                Line("Encourage faith leaders to speak up for rights in public.", ("WP2011-20.3",)),
            ),
            channels="Gatherings and services, community newsletters and messaging groups.",
            calls_to_action=(
                Line("Mention {day} at a gathering or in your newsletter."),
                Line("Join with another faith or community group for a shared message."),
            ),
            recommendations=("WP3013-14.4", "WP2011-20.3", "WP2011-21.10"),
            public_call="Share this message at your next gathering.",
        ),
        Framing(
            id="sports",
            label="sports clubs and athletes",
            core="clubs and athletes can use the reach of sport to stand up for everyone's rights.",
            framing=(
                Line("Work with clubs and athletes who can carry the message to their fans.", ("WP3013-14.4",)),
                Line("Talk about fair play, respect and belonging."),
            ),
            channels="Club channels and match days; athletes' own accounts; short video.",
            calls_to_action=(
                Line("Share a message for {day} on club channels or at a match."),
                Line("Invite an athlete to post about what fair play means to them."),
            ),
            recommendations=("WP3013-14.4",),
            public_call="Share this with your fans on match day.",
        ),
        Framing(
            id="policymakers",
            label="policymakers",
            core="leaders can turn human rights commitments into results people can see.",
            framing=(
                Line("Ask for one clear, specific step, and say who can take it.", ("WP3013-6.2",)),
                Line("Show evidence that human rights deliver for people.", ("WP2011-20.1",)),
                Line("Ask leaders to practise at home what they ask of others abroad.", ("WP2011-13",)),
            ),
            channels="Briefings and meetings, opinion pieces, LinkedIn and X.",
            calls_to_action=(
                Line("Make a public statement for {day} with one concrete commitment."),
                Line("Meet a local group working on this and listen to their proposals."),
            ),
            recommendations=("WP3013-6.2", "WP2011-20.1", "WP2011-13"),
            public_call="Make one clear promise today, and say when you will keep it.",
        ),
        Framing(
            id="media",
            label="journalists and editors",
            core="accurate, independent reporting helps everyone understand their rights and act on them.",
            framing=(
                Line("Offer stories, people to interview and checked facts, not statements."),
                Line(
                    "Support independent reporting and fact-checking; answer misleading claims with evidence.",
                    ("WP2011-20.2",),
                ),
                Line("Recognise the part journalists play in defending rights.", ("WP2011-21.10",)),
            ),
            channels="Press releases and briefings; X, Bluesky and Mastodon; newsletters.",
            calls_to_action=(
                Line("Offer a spokesperson and a personal story for {day}.", team=True),
                Line("Publish a fact-check of one common myth linked to {day}.", ("WP2011-20.2",)),
            ),
            recommendations=("WP2011-20.2", "WP2011-21.10", "WP3013-16.1"),
            public_call="Tell the story of the people this day is about, in their own words.",
        ),
    )
}
AUDIENCES = tuple(FRAMINGS)

# Shown when defenders, journalists or people often targeted online are part of the story.
SAFETY_THEMES = ("defenders", "media-freedom", "lgbti", "hate-speech")
SAFETY_REC = "WP3013-16.4"
SAFETY = (
    "Ask before you name, tag or show a defender, and respect their answer.",
    "Remove location data from photos, and blur faces where people could be at risk.",
    "Use strong, unique passwords and two-step verification on every account the team uses.",
    "Agree in advance what the team will do if a post draws abuse or threats: who moderates, "
    "what gets reported, and how the people targeted are supported.",
)
