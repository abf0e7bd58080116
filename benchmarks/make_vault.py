"""Write a deterministic synthetic Obsidian vault that looks like a hiring manager's.

    python benchmarks/make_vault.py --notes 10000 --out benchmarks/.vaults/10k [--seed 1]

or, from Python, ``make_vault(Path("..."), 10_000, seed=1)``.

Every byte comes from ``random.Random(seed)``: the same (notes, seed) gives the same
files on every run and machine (no clocks, no set iteration, no hash-seed dependence),
so benchmark numbers from different runs describe the same input.

The mix, as fractions of ``notes`` (the number of ``*.md`` files outside dot-folders,
templates included): ~25% interview logs, ~5% candidates, ~3% cases, ~3% deliberately
broken notes, 4 templates, the rest ordinary notes of 2-3 KB with the link, tag, code
and comment syntax a real vault has. Attachments, ``.obsidian/`` config and a
``.trash/`` folder come on top.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
import time
import zlib
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from urllib.parse import quote

# Bump whenever the output for a given (notes, seed) changes: bench_open regenerates
# vaults whose marker carries another version.
GENERATOR_VERSION = 1
CONFIG_FOLDER = ".obsidian"
MARKER_NAME = "vault-tools-bench.json"
TEMPLATES_FOLDER = "Templates"
MINIMUM_NOTES = 40

ROLES = ("DE", "DS", "MLE")
LEVELS = ("Junior", "Mid", "Senior")
STAGES = ("get-to-know", "technical", "case", "final")
RECOMMENDATIONS = ("strong-no", "no", "yes", "strong-yes")
BASE_SCORES = ("competence", "creativity", "business_sense")
CASE_SCORES = ("technical_depth", "problem_solving", "communication", "experience")
INTERVIEWERS = (
    "Ola Hansen",
    "Kari Nordmann",
    "Priya Raman",
    "Tomás Silva",
    "Mei Chen",
    "Jonas Berg",
    "Amara Okafor",
)
FIRST_NAMES = (
    "Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Greta", "Hiro", "Ingrid", "Jamal",
    "Kaia", "Lars", "Maja", "Noah", "Olivia", "Pål", "Quinn", "Rosa", "Sanjay", "Tuva",
    "Uma", "Viktor", "Wen", "Xavier", "Yara", "Zoltan", "Åse", "Bjørn", "Sofie", "Ali",
    "Elena", "Marcus", "Nina", "Oskar", "Leila", "Thea", "Emil", "Ida", "Jon", "Sara",
)  # fmt: skip
LAST_NAMES = (
    "Andersen", "Bakke", "Costa", "Dahl", "Eriksen", "Fischer", "García", "Haugen",
    "Iversen", "Johansen", "Kowalski", "Larsen", "Moe", "Nguyen", "O'Brien", "Pedersen",
    "Qureshi", "Rossi", "Strand", "Tanaka", "Ullah", "Vik", "Wang", "Xu", "Yilmaz",
    "Zhou", "Ødegård", "Berg", "Lund", "Holm", "Sandvik", "Mehta", "Novak", "Petrov",
    "Kim", "Silva", "Dubois", "Schmidt", "Ahmed", "Nilsen",
)  # fmt: skip
_WORD_TEXT = (
    "the the the the a a a of of of to to to and and and in in is is that that for for "
    "with we it on this be as are not was but they you our have can will more when "
    "data data team team pipeline pipelines candidate candidates interview interviews "
    "schema warehouse lakehouse stream streaming batch latency throughput contract "
    "contracts quality lineage model models feature features experiment metric metrics "
    "dashboard stakeholder stakeholders product customer revenue cost budget roadmap "
    "quarter hiring manager engineer engineers analyst scientist architecture design "
    "review reviews trade-off trade-offs incident incidents ownership on-call backlog "
    "sprint retro feedback growth mentoring onboarding probation culture values trust "
    "signal signals evidence bias calibration panel debrief rubric question questions "
    "answer answers system systems kafka spark dbt airflow postgres duckdb python sql "
    "terraform kubernetes cloud storage partition partitions index queue event events "
    "ingestion transformation orchestration monitoring alerting testing deployment "
    "migration legacy scale scaling risk risks constraint constraints assumption goal "
    "goals outcome outcomes impact priority priorities clarity context decision "
    "decisions proposal document meeting notes idea ideas reading book chapter article "
    "really probably often usually clearly quickly carefully honestly mostly roughly "
    "good better best hard simple complex clear vague strong weak senior junior "
    "curious pragmatic careful ambitious humble convincing thoughtful"
)
WORDS = tuple(_WORD_TEXT.split())
HEADINGS = (
    "Background", "Summary", "Key Takeaways", "Open Questions", "Next Steps", "Context",
    "Decisions", "Action Items", "Notes", "Ideas", "Risks", "Timeline", "Stakeholders",
    "Architecture", "Data Model", "Lessons Learned", "References", "Quotes", "Follow-up",
    "What Went Well", "What To Improve", "Reading Notes", "Chapter Notes", "Proposal",
    "Alternatives Considered", "Costs", "Metrics", "Hiring Plan", "Team Health", "Goals",
    "Résumé Notes", "Q&A", "Thoughts", "Links",
)  # fmt: skip
TITLE_WORDS = (
    "Kafka", "Spark", "dbt", "Airflow", "Lakehouse", "Streaming", "Batch", "Data Contracts",
    "Lineage", "Observability", "Onboarding", "Mentoring", "Roadmap", "Budget", "Retro",
    "1on1", "Hiring", "Interviewing", "Feedback", "Career Ladder", "Incident", "Postmortem",
    "Reading", "Book", "Architecture", "Migration", "Cost", "Quality", "Warehouse",
    "Feature Store", "Experiment", "Stakeholder", "Strategy", "OKR", "Café", "Ærlighet",
    "Q&A", "Team Health", "Postgres", "DuckDB",
)  # fmt: skip
TITLE_SUFFIXES = (
    "notes", "ideas", "plan", "review", "draft", "thoughts", "summary", "log", "checklist",
    "proposal", "(old)", "v2", "— follow-up", "& risks", "questions", "reading list",
)  # fmt: skip
DUPLICATE_NAMES = ("Meeting Notes", "Ideas", "Index", "Reading List", "TODO", "Retro")
TAGS = (
    "idea", "project/alpha", "project/beta", "todo", "reading", "hiring/process",
    "data-engineering", "meeting", "1on1", "læring", "work", "leadership", "management",
    "article", "communication", "digital-garden", "interviewing", "book/review",
)  # fmt: skip
CASE_TOPICS = (
    "Streaming Ingestion", "Churn Prediction", "Warehouse Migration", "Feature Store",
    "Fraud Signals", "Pricing Experiment", "Data Quality SLAs", "Recommendation Service",
    "CDC Pipeline", "Forecasting Demand", "Log Analytics", "Model Monitoring",
)  # fmt: skip
CODE_LANGUAGES = ("python", "sql", "bash", "yaml", "")


def _png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A valid, tiny, all-white PNG (built here so no binary blob lives in the repo)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


PNG_BYTES = _png_bytes()
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Planned:
    """One note, known before any body is written so links can point at real targets."""

    path: str  # vault-relative POSIX path, ending in .md
    kind: str  # ordinary | interview | candidate | case | broken | template
    headings: tuple[str, ...] = ()
    block_id: str = ""
    detail: str = ""  # kind-specific: broken variant, an interview's stage, a case's role
    day: date | None = None  # an interview's date
    author: str = ""  # who wrote an interview log

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


@dataclass
class Candidate:
    name: str
    role: str
    level: str
    first_contact: date
    interviews: list[Planned]


BROKEN_VARIANTS = (
    "unterminated",
    "yaml_syntax",
    "tabs",
    "non_utf8",
    "yaml_list",
    "sexagesimal",
    "unresolved",
    "bad_interview",
    "type_mismatch",
    "duplicate_keys",
    "bad_case",
)

CASE_SECTIONS = (
    ("##", "For Interviewees"),
    ("###", "Case Overview"),
    ("###", "Architecture & Technical Context"),
    ("###", "The Challenge"),
    ("###", "Think About"),
    ("##", "For Case Holders"),
    ("###", "Case Objectives"),
    ("###", "Key Discussion Areas"),
    ("###", "Evaluation Criteria"),
    ("####", "What We're Looking For"),
    ("###", "Interviewer Notes"),
)


class _Writer:
    """Builds the text of every note from one Random, in one fixed order."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        # A fixed pool of sentences keeps 50k notes fast to write while every note
        # still gets its own mix (paragraphs draw sentences with replacement).
        self.sentences = [self._sentence() for _ in range(1500)]
        self.linkable: list[Planned] = []
        self.attachments: list[str] = []

    def _sentence(self) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(6, 18))
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice((".", ".", ".", "?", "!"))

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.choices(self.sentences, k=sentences))

    def date(self, first_year: int = 2021, last_year: int = 2025) -> tuple[int, int, int]:
        return (
            self.rng.randint(first_year, last_year),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )

    def datetime_text(self, day: tuple[int, int, int], seconds: bool = False) -> str:
        hour, minute = self.rng.randint(7, 18), self.rng.randint(0, 59)
        text = f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}T{hour:02d}:{minute:02d}"
        return text + ":00" if seconds else text

    # ----------------------------------------------------------------- links

    def link(self, source: Planned) -> str:
        """One link in one of the forms Obsidian accepts, mostly to notes that exist."""
        rng = self.rng
        roll = rng.random()
        target = rng.choice(self.linkable)
        if roll < 0.30:
            return f"[[{target.name}]]"
        if roll < 0.40:
            return f"[[{target.name}|{rng.choice(WORDS)} {rng.choice(WORDS)}]]"
        if roll < 0.52 and target.headings:
            return f"[[{target.name}#{rng.choice(target.headings)}]]"
        if roll < 0.57:
            return f"[[{target.path[:-3]}]]"
        if roll < 0.60:
            return f"[[{target.name}.md]]"
        if roll < 0.63 and target.block_id:
            return f"[[{target.name}#^{target.block_id}]]"
        if roll < 0.66 and source.headings:
            return f"[[#{rng.choice(source.headings)}]]"
        if roll < 0.74 and self.attachments:
            attachment = rng.choice(self.attachments)
            name = attachment.rsplit("/", 1)[-1]
            if name.endswith(".pdf"):
                return f"[[{name}]]"
            return (
                f"![[{name}|{rng.choice((100, 200, 400))}]]"
                if rng.random() < 0.3
                else f"![[{name}]]"
            )
        if roll < 0.86:
            text = rng.choice(WORDS)
            if rng.random() < 0.6:
                return f"[{text}]({quote(target.path)})"
            relative = _relative(target.path, source.folder)
            if rng.random() < 0.2:
                return f"[{text}](<{relative}>)"
            return f"[{text}]({quote(relative)})"
        if roll < 0.93:
            return f"[{rng.choice(WORDS)}](https://example.com/{rng.choice(WORDS)}#ff0000)"
        if roll < 0.95:
            # Links to notes not yet written are normal in Obsidian (a warning, not an error).
            return f"[[Someday {rng.choice(TITLE_WORDS)} {rng.randint(1, 999)}]]"
        return f"[[{target.name}]]"

    def tag(self) -> str:
        return "#" + self.rng.choice(TAGS)

    def prose(self, source: Planned, sentences: int, links: int) -> str:
        parts = self.rng.choices(self.sentences, k=sentences)
        for _ in range(links):
            position = self.rng.randint(0, len(parts))
            parts.insert(position, self.link(source))
        if self.rng.random() < 0.35:
            parts.insert(self.rng.randint(0, len(parts)), self.tag())
        return " ".join(parts)

    # ----------------------------------------------------------------- bodies

    def code_block(self) -> str:
        language = self.rng.choice(CODE_LANGUAGES)
        fake = self.rng.choice(self.linkable).name
        lines = [
            f"```{language}",
            f"# [[{fake}]] is not a link in here, and #notatag is not a tag",
            "select user_id, count(*) from events group by 1  -- ![[not-an-embed.png]]",
            f"print('[[{self.rng.choice(TITLE_WORDS)}]]')",
            "```",
        ]
        return "\n".join(lines)

    def ordinary_body(self, note: Planned) -> str:
        rng = self.rng
        target = rng.randint(2000, 3200)
        parts = [f"# {note.name}", self.prose(note, rng.randint(2, 4), rng.randint(0, 2))]
        size = sum(len(part) for part in parts)
        headings = list(note.headings)
        while size < target:
            if headings:
                level = "##" if rng.random() < 0.7 else "###"
                parts.append(f"{level} {headings.pop(0)}")
            roll = rng.random()
            if roll < 0.45:
                parts.append(self.prose(note, rng.randint(3, 6), rng.randint(0, 3)))
            elif roll < 0.65:
                items = [
                    f"- {self.prose(note, 1, rng.randint(0, 1))}" for _ in range(rng.randint(2, 5))
                ]
                if rng.random() < 0.3:
                    items.append(f"- [ ] {self.paragraph(1)} {self.tag()}")
                parts.append("\n".join(items))
            elif roll < 0.73:
                parts.append(self.code_block())
            elif roll < 0.80:
                hidden = f"[[{rng.choice(self.linkable).name}]]"
                parts.append(
                    f"{self.paragraph(2)} %%private: {hidden} #notatag%% {self.paragraph(1)}"
                )
            elif roll < 0.84:
                parts.append(f"<!-- {self.paragraph(1)} [[Hidden Note]] #hidden -->")
            elif roll < 0.90:
                parts.append(f"> {self.prose(note, 2, 1)}")
            elif roll < 0.94:
                parts.append(
                    f"Use `[[inline code]]` or `#inline` and see issue #42. {self.paragraph(1)}"
                )
            elif roll < 0.97:
                parts.append("---")
            else:
                parts.append(f"{self.paragraph(2)} #{rng.randint(2019, 2026)}")
            size += len(parts[-1]) + 2
        for heading in headings:
            parts.append(f"## {heading}\n{self.paragraph(2)}")
        if note.block_id:
            parts.append(f"{self.paragraph(2)} ^{note.block_id}")
        return "\n\n".join(parts) + "\n"

    def ordinary_frontmatter(self, note: Planned) -> str:
        rng = self.rng
        created = self.date(2021, 2024)
        updated = self.date(created[0], 2025)
        lines = [
            f"created: {self.datetime_text(created)}",
            f"updated: {self.datetime_text(updated)}",
        ]
        tags = rng.sample(TAGS, rng.randint(1, 6))
        if rng.random() < 0.1:
            lines.append(f"tags: {tags[0]}")
        else:
            lines.append("tags:")
            lines.extend(f"  - {tag}" for tag in tags)
        if rng.random() < 0.2:
            lines.append("aliases:")
            lines.append(f"  - {rng.choice(TITLE_WORDS)} {rng.choice(TITLE_SUFFIXES)}")
        if rng.random() < 0.15:
            lines.append(f'related: "[[{rng.choice(self.linkable).name}]]"')
        if rng.random() < 0.1:
            lines.append(f"source: https://example.com/{rng.choice(WORDS)}")
        if rng.random() < 0.1:
            lines.append(f"rating: {rng.randint(1, 5)}")
        lines.append(f"Finished: {'true' if rng.random() < 0.4 else 'false'}")
        return "---\n" + "\n".join(lines) + "\n---\n"

    def ordinary(self, note: Planned) -> bytes:
        frontmatter = self.ordinary_frontmatter(note) if self.rng.random() < 0.85 else ""
        text = frontmatter + "\n" + self.ordinary_body(note)
        roll = self.rng.random()
        if roll < 0.02:
            text = text.replace("\n", "\r\n")  # notes from a Windows machine
        encoded = text.encode("utf-8")
        if 0.02 <= roll < 0.03:
            encoded = b"\xef\xbb\xbf" + encoded  # a BOM, which Obsidian tolerates
        return encoded

    def scores(self, stage: str, strength: float) -> list[str]:
        names = BASE_SCORES + (CASE_SCORES if stage == "case" else ())
        lines = ["scores:"]
        for name in names:
            if self.rng.random() < 0.06:
                lines.append(f"  {name}: null")
            else:
                value = min(4, max(1, round(strength + self.rng.uniform(-1.2, 1.2))))
                lines.append(f"  {name}: {value}")
        return lines

    def interview(self, note: Planned, candidate: Candidate, case: Planned) -> bytes:
        rng = self.rng
        stage = note.detail
        when = note.day or candidate.first_contact
        strength = rng.uniform(1.3, 3.8)
        # The log's author comes first; the others sat in the same interview.
        others = [person for person in INTERVIEWERS if person != note.author]
        panel = [note.author, *rng.sample(others, rng.randint(0, 2))]
        lines = [
            "type: interview",
            f'candidate: "[[{candidate.name}]]"',
            f"role: {candidate.role}",
            f"level: {candidate.level}",
            f"stage: {stage}",
            f"date: {when.isoformat()}"
            + (f"T{rng.randint(8, 16):02d}:00" if rng.random() < 0.2 else ""),
            "interviewers:",
        ]
        lines.extend(
            f'  - "[[{person}]]"' if rng.random() < 0.2 else f"  - {person}" for person in panel
        )
        if stage == "case":
            lines.append(f'case: "[[{case.name}]]"')
        if stage in ("technical", "case"):
            lines.extend(self.scores(stage, strength))
        recommendation = RECOMMENDATIONS[
            min(3, max(0, round(strength - 1.3 + rng.uniform(-0.5, 0.5))))
        ]
        # People type `yes` unquoted; YAML 1.1 readers turn that into True.
        quoted = rng.random() < 0.5
        lines.append(
            f'recommendation: "{recommendation}"' if quoted else f"recommendation: {recommendation}"
        )
        lines.append(f"convincing: {'true' if strength > 2.5 else 'false'}")
        lines.append(f"learned_something: {'true' if rng.random() < 0.5 else 'false'}")
        written_hour = rng.randint(10, 17)
        debrief = when + timedelta(days=1)
        # About 3% of logs were written after the debrief: real data for the independence check.
        written = debrief if rng.random() < 0.03 else when
        lines.append(f"notes_written: {written.isoformat()}T{written_hour:02d}:30")
        lines.append(f"debrief: {debrief.isoformat()}T09:00")
        lines.append("tags:\n  - interview")
        body = [f"# {stage.capitalize()} interview with [[{candidate.name}]]"]
        for heading in note.headings:
            body.append(f"## {heading}")
            body.append(self.prose(note, rng.randint(2, 5), rng.randint(0, 1)))
        if rng.random() < 0.3:
            body.append(f"Related: {self.link(note)}")
        return ("---\n" + "\n".join(lines) + "\n---\n\n" + "\n\n".join(body) + "\n").encode()

    def candidate(self, note: Planned, candidate: Candidate) -> bytes:
        rng = self.rng
        reached = max((STAGES.index(log.detail) for log in candidate.interviews), default=-1)
        if reached == 3:
            decision = rng.choice(("offer", "hired", "hired", "rejected"))
        elif reached >= 0:
            decision = rng.choice(("pending", "rejected", "rejected", "withdrew", "advanced"))
        else:
            decision = "pending"
        lines = [
            "type: candidate",
            f"role: {candidate.role}",
            f"level: {candidate.level}",
            f"first_contact: {candidate.first_contact.isoformat()}",
            f"decision: {decision}",
        ]
        if decision != "pending":
            last = max((log.day for log in candidate.interviews if log.day), default=None)
            decided = (last or candidate.first_contact) + timedelta(days=rng.randint(1, 30))
            lines.append(f"decision_date: {decided.isoformat()}")
            if rng.random() < 0.85:
                told = decided + timedelta(days=rng.choice((0, 0, 1, 2, 5, 14, 40)))
                lines.append(f"notified: {told.isoformat()}")
        else:
            lines.append("decision_date:")
        if decision == "hired":
            lines.append(f"probation_passed: {'true' if rng.random() < 0.85 else 'false'}")
            lines.append(f"performance_6m: {rng.randint(2, 5)}")
            lines.append(f"performance_12m: {rng.randint(1, 5) if rng.random() < 0.7 else 'null'}")
        lines.append("tags:\n  - candidate")
        interviews = "\n".join(f"- [[{log.name}]] ({log.detail})" for log in candidate.interviews)
        body = (
            f"# {candidate.name}\n\n## Background\n\n{self.paragraph(rng.randint(3, 6))}\n\n"
            f"## Interviews\n\n{interviews or '- none yet'}\n\n## Notes\n\n"
            f"{self.prose(note, rng.randint(2, 4), 1)}\n"
        )
        return ("---\n" + "\n".join(lines) + "\n---\n\n" + body).encode()

    def case(self, note: Planned, role: str, level: str) -> bytes:
        rng = self.rng
        status = rng.choices(("ready", "draft", "retired"), weights=(70, 25, 5))[0]
        created = self.date(2023, 2025)
        frontmatter = (
            f"---\ntype: case\nrole: {role}\nlevel: {level}\nstatus: {status}\n"
            f"created: {self.datetime_text(created)}\ntags:\n  - case\n  - hiring\n---\n\n"
        )
        # A draft keeps some of the template's placeholders; a ready case fills them in.
        unfilled = status == "draft"

        def fill(placeholder: str) -> str:
            if unfilled and rng.random() < 0.5:
                return f"`[{placeholder}]`"
            return self.paragraph(1)

        body = [
            f"# {note.name}",
            "## For Interviewees",
            "### Case Overview",
            self.paragraph(4),
            self.paragraph(3),
            "### Architecture & Technical Context",
            f"- **Current Setup:** {fill('Brief description of existing infrastructure')}\n"
            f"- **Data Sources:** {fill('Available data')}\n"
            f"- **Tech Stack:** {fill('Relevant technologies')}\n"
            f"- **Constraints:** {fill('Key limitations')}",
            "### The Challenge",
            f"**Problem:** {self.paragraph(1)}",
            f"**Your Task:** {fill('What the interviewee should deliver/design')}",
            f"**Success Looks Like:** {fill('Clear success criteria')}",
            "### Think About",
            "\n".join(f"- {fill(f'Key consideration {n}')}" for n in (1, 2, 3)),
            "---",
            "## For Case Holders",
            f"**Role:** {role}  \n**Level:** {level}",
            "### Case Objectives",
            f"**Goal:** {fill('What this case is designed to assess')}",
            f"**Experience Level:** {fill('Target seniority and expected background')}",
            "### Key Discussion Areas",
            "" if unfilled and rng.random() < 0.5 else self.prose(note, 3, 1),
            "### Evaluation Criteria",
            "#### What We're Looking For",
            f"- **Technical Depth:** {fill('Specific technical skills to assess')}\n"
            f"- **Problem-Solving:** {fill('How they approach complex problems')}\n"
            f"- **Communication:** {fill('How they explain technical concepts')}\n"
            f"- **Experience Indicators:** {fill('Signs of relevant experience level')}",
            "### Interviewer Notes",
            f"- **Red Flags:** {fill('Warning signs to watch for')}\n"
            f"- **Follow-up Questions:** {fill('Good probing questions')}\n"
            f"- **Finishing up:** {self.paragraph(1)}",
        ]
        return (frontmatter + "\n\n".join(body) + "\n").encode()

    def broken(self, note: Planned) -> bytes:
        rng = self.rng
        variant = note.detail
        body = f"# {note.name}\n\n{self.prose(note, rng.randint(6, 12), 2)}\n"
        created = self.datetime_text(self.date())
        if variant == "unterminated":
            return f"---\ncreated: {created}\ntags:\n  - draft\n\n{body}".encode()
        if variant == "yaml_syntax":
            frontmatter = f"created: {created}\ntags: [draft, hiring\nstatus: : open\n"
            return f"---\n{frontmatter}---\n\n{body}".encode()
        if variant == "tabs":
            return f"---\ncreated: {created}\ntags:\n\t- draft\n\t- hiring\n---\n\n{body}".encode()
        if variant == "non_utf8":
            text = f"---\ncreated: {created}\ntitle: Ærlig tilbakemelding på møtet\n---\n\n{body}"
            return text.encode("latin-1", errors="replace")
        if variant == "yaml_list":
            return f"---\n- created: {created}\n- draft\n- hiring\n---\n\n{body}".encode()
        if variant == "sexagesimal":
            return (
                f"---\ncreated: {created}\nmeeting_time: 12:30\nroom: 012\nonline: no\n"
                f"version: 1.10\n---\n\n{body}"
            ).encode()
        if variant == "unresolved":
            return (
                f"---\ncreated: {created}\n"
                f'related: "[[Nobody Wrote This {rng.randint(1, 9999)}]]"\n---\n\n'
                f"{body}\nSee [[Missing Note {rng.randint(1, 9999)}]], "
                f"[[{rng.choice(self.linkable).name}#No Such Heading]], ![[missing-diagram.png]] "
                f"and [gone](Nowhere/Gone%20Note.md).\n"
            ).encode()
        if variant == "bad_interview":
            return (
                '---\ntype: interview\ncandidate: "[[Nobody In Particular]]"\nrole: PM\n'
                "level: Staff\nstage: onsite\ninterviewers: []\nscores:\n  competence: 5\n"
                "  creativity: 0\n  business_sense: 2.5\nrecommendation: maybe\n"
                "notes_written: 2025-03-10T16:00\ndebrief: 2025-03-10T09:00\n---\n\n"
                f"{body}\n## Competence\n\n## Red Flags\n{self.paragraph(1)}\n"
            ).encode()
        if variant == "type_mismatch":
            return f'---\ncreated: yesterday\nFinished: "no"\ntags: 42\n---\n\n{body}'.encode()
        if variant == "duplicate_keys":
            return f"---\ncreated: {created}\ntags:\n  - a\ntags:\n  - b\n---\n\n{body}".encode()
        # bad_case: "ready" but still the template's placeholders and a missing section.
        return (
            b"---\ntype: case\nrole: DE\nlevel: Mid\nstatus: ready\n---\n\n"
            b"## For Interviewees\n\n### Case Overview\n\n"
            b"### Architecture & Technical Context\n"
            b"- **Current Setup:** `[Brief description of existing infrastructure]`\n"
            b"- **Data Sources:** `[Available data]`\n\n### The Challenge\n"
            b"**Problem:** `Sentence-to-sentence description of what the client is trying "
            b"to achieve here?`\n"
        )


def _relative(target: str, from_folder: str) -> str:
    """The path of ``target`` relative to ``from_folder`` (both vault-relative POSIX)."""
    target_parts = target.split("/")
    folder_parts = from_folder.split("/") if from_folder else []
    common = 0
    while (
        common < len(folder_parts)
        and common < len(target_parts) - 1
        and folder_parts[common] == target_parts[common]
    ):
        common += 1
    return "/".join([".."] * (len(folder_parts) - common) + target_parts[common:])


def _folders(count: int) -> list[str]:
    areas = max(2, int(count**0.5))
    folders = []
    for index in range(count):
        area, depth = index % areas + 1, index // areas
        if depth == 0:
            folders.append(f"Area {area}")
        elif depth % 3 == 0:
            folders.append(f"Area {area}/Sub {depth - 1}/Deep {depth}")
        else:
            folders.append(f"Area {area}/Sub {depth}")
    return folders


TEMPLATES = {
    "Interview.md": (
        '---\ntype: interview\ncandidate: "[[]]"\nrole:\nlevel:\nstage:\ndate: {{date}}\n'
        "interviewers:\n  - \nscores:\n  competence:\n  creativity:\n  business_sense:\n"
        "recommendation:\nnotes_written: {{date}}T{{time}}\ndebrief:\n---\n\n"
        "## Competence\n\n## Creativity\n\n## Business Sense\n\n## Red Flags\n\n## Thoughts\n"
    ),
    "Candidate.md": (
        "---\ntype: candidate\nrole:\nlevel:\nfirst_contact: {{date}}\ndecision: pending\n---\n\n"
        "# {{title}}\n\n## Background\n\n## Interviews\n\n## Notes\n"
    ),
    "Case.md": (
        "---\ntype: case\nrole:\nlevel:\nstatus: draft\ncreated: {{date}}T{{time}}\n---\n\n"
        "## For Interviewees\n\n### Case Overview\n\n### Architecture & Technical Context\n"
        "- **Current Setup:** `[Brief description of existing infrastructure]`\n"
        "- **Data Sources:** `[Available data]`\n- **Tech Stack:** `[Relevant technologies]`\n"
        "- **Constraints:** `[Key limitations]`\n\n### The Challenge\n"
        "**Problem:** `Sentence-to-sentence description of what the client is trying to "
        "achieve here?`\n\n**Your Task:** `[What the interviewee should deliver/design]`\n\n"
        "**Success Looks Like:** `[Clear success criteria]`\n\n### Think About\n"
        "- `[Key consideration 1]`\n- `[Key consideration 2]`\n- `[Key consideration 3]`\n"
    ),
    "Daily Note.md": (
        "---\ncreated: {{date:YYYY-MM-DD}}T{{time:HH:mm}}\ntags:\n  - daily\n---\n\n"
        "# {{date:dddd D MMMM}}\n\n## Notes\n\n## Tasks\n- [ ] \n"
    ),
}

CONFIG_FILES = {
    "types.json": {
        "types": {
            "aliases": "aliases",
            "tags": "tags",
            "created": "datetime",
            "updated": "datetime",
            "Finished": "checkbox",
            "date": "date",
            "first_contact": "date",
            "decision_date": "date",
            "notified": "date",
            "convincing": "checkbox",
            "learned_something": "checkbox",
            "probation_passed": "checkbox",
            "notes_written": "datetime",
            "debrief": "datetime",
            "interviewers": "multitext",
            "rating": "number",
        }
    },
    "templates.json": {"folder": TEMPLATES_FOLDER},
    "app.json": {"alwaysUpdateLinks": True, "newFileLocation": "current"},
    "workspace.json": {"main": {"id": "0f1e2d3c", "type": "split"}, "lastOpenFiles": []},
}


def _plan(
    rng: Random, notes: int, hiring_as_in: int | None = None
) -> tuple[list[Planned], list[Candidate], list[Planned]]:
    """Decide every note's path and kind, so bodies can link to notes written later.

    ``hiring_as_in``: make as many interview, candidate and case notes as a vault of that
    many notes has, and fill the rest with ordinary notes (None: the usual shares).
    """
    rest = notes - len(TEMPLATES)
    hiring_base = rest if hiring_as_in is None else min(rest, hiring_as_in - len(TEMPLATES))
    cases = max(len(ROLES), round(hiring_base * 0.03))
    candidates = max(2, round(hiring_base * 0.05))
    interviews = max(4, round(hiring_base * 0.25))
    broken = max(len(BROKEN_VARIANTS), round(rest * 0.03))
    ordinary = rest - cases - candidates - interviews - broken

    planned: list[Planned] = []
    taken: dict[str, None] = {}  # lower-cased paths; a dict keeps iteration deterministic

    def claim(path: str) -> str:
        stem, number = path[:-3], 2
        while path.lower() in taken:
            path = f"{stem} {number}.md"
            number += 1
        taken[path.lower()] = None
        return path

    case_notes = []
    for index in range(cases):
        role, level = ROLES[index % 3], LEVELS[(index // 3) % 3]
        topic = CASE_TOPICS[index % len(CASE_TOPICS)]
        path = claim(f"Hiring/Cases/Case - {topic} ({role} {level}).md")
        headings = tuple(title for _, title in CASE_SECTIONS)
        case_notes.append(Planned(path, "case", headings, detail=f"{role}|{level}"))

    people: list[Candidate] = []
    for _ in range(candidates):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        path = claim(f"Hiring/Candidates/{name}.md")
        people.append(
            Candidate(
                path[:-3].rsplit("/", 1)[-1],
                rng.choice(ROLES),
                rng.choice(LEVELS),
                date(2024, 1, 1) + timedelta(days=rng.randint(0, 640)),
                [],
            )
        )
        planned.append(Planned(path, "candidate", ("Background", "Interviews", "Notes")))

    # Interviews go round-robin over candidates, so each walks further down the stages.
    stage_sections = {
        "get-to-know": ("Why this role", "Why this industry", "Why this company"),
        "technical": ("Competence", "Creativity", "Business Sense"),
        "case": ("Competence", "Creativity", "Business Sense"),
        "final": ("Thoughts",),
    }
    # A funnel: each candidate gets as far as some stage, with one log per panel member
    # at each stage. Round-robin over the candidates until the interview budget is spent.
    pipelines: list[list[tuple[str, date]]] = []
    for person in people:
        reached = rng.choices(range(len(STAGES)), weights=(35, 30, 15, 20))[0]
        pipeline = []
        for stage_index in range(reached + 1):
            day = person.first_contact + timedelta(days=7 + stage_index * 12 + rng.randint(0, 5))
            pipeline.extend([(STAGES[stage_index], day)] * rng.randint(1, 3))
        pipelines.append(pipeline)
    waiting = deque(range(len(people)))
    for index in range(interviews):
        if waiting:
            slot = waiting.popleft()
            person = people[slot]
            stage, when = pipelines[slot].pop(0)
            if pipelines[slot]:
                waiting.append(slot)
        else:  # budget left over: more panel members at each candidate's last stage
            person = people[index % len(people)]
            last = person.interviews[-1]
            stage, when = last.detail, last.day or person.first_contact
        author = rng.choice(INTERVIEWERS)
        initials = "".join(part[0] for part in author.split())
        quarter = f"{when.year}-Q{(when.month - 1) // 3 + 1}"
        path = claim(f"Hiring/Interviews/{quarter}/{when} {person.name} - {stage} ({initials}).md")
        sections = stage_sections[stage]
        if rng.random() < 0.4:
            sections += ("Red Flags",)
        if rng.random() < 0.6:
            sections += ("Thoughts",) if "Thoughts" not in sections else ()
        log = Planned(path, "interview", sections, detail=stage, day=when, author=author)
        person.interviews.append(log)
        planned.append(log)

    folders = _folders(max(4, ordinary // 80))
    for index in range(ordinary):
        folder = "" if rng.random() < 0.02 else rng.choice(folders)
        if rng.random() < 0.02:
            name = rng.choice(DUPLICATE_NAMES)
            if rng.random() < 0.2:
                name = name.lower()  # same note name to Obsidian, which ignores case
        else:
            name = f"{rng.choice(TITLE_WORDS)} {rng.choice(TITLE_SUFFIXES)} {index}"
        path = claim(f"{folder}/{name}.md" if folder else f"{name}.md")
        headings = tuple(rng.sample(HEADINGS, rng.randint(2, 5)))
        block_id = f"b{index:x}" if rng.random() < 0.1 else ""
        planned.append(Planned(path, "ordinary", headings, block_id))

    for index in range(broken):
        folder = rng.choice(folders)
        path = claim(f"{folder}/Draft {rng.choice(TITLE_WORDS)} {index}.md")
        variant = BROKEN_VARIANTS[index % len(BROKEN_VARIANTS)]
        planned.append(Planned(path, "broken", ("Notes",), detail=variant))

    rng.shuffle(planned)  # interleave kinds, as a real vault's write order would
    return planned, people, case_notes


def make_vault(out: Path, notes: int, seed: int = 1, hiring_as_in: int | None = None) -> None:
    """Write a synthetic vault of exactly ``notes`` Markdown files (outside dot-folders).

    ``hiring_as_in``: the interview logs, candidates and cases of a vault of that many
    notes (a vault that grows while the hiring in it does not); None: a fixed share.

    ``out`` must not exist, be empty, or be a vault this function wrote before (it
    carries ``.obsidian/vault-tools-bench.json``); anything else is refused rather than
    deleted.
    """
    if notes < MINIMUM_NOTES:
        raise ValueError(f"notes must be at least {MINIMUM_NOTES}, got {notes}")
    out = Path(out)
    if out.exists():
        if (out / CONFIG_FOLDER / MARKER_NAME).is_file():
            shutil.rmtree(out)
        elif any(out.iterdir()):
            raise FileExistsError(f"{out} exists and is not a generated benchmark vault")
    rng = Random(seed)
    planned, people, case_notes = _plan(rng, notes, hiring_as_in)
    writer = _Writer(rng)
    writer.linkable = [note for note in planned if note.kind != "broken"] + case_notes

    files: dict[str, bytes] = {}
    attachment_count = max(3, notes // 250)
    folders = sorted({note.folder for note in planned if note.kind == "ordinary"})
    for index in range(attachment_count):
        if index % 4 == 3:
            path = f"{rng.choice(folders) or 'Attachments'}/report-{index}.pdf"
            files[path] = PDF_BYTES
        else:
            day = f"2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}"
            stamp = f"{day} at {index % 24:02d}.{index % 60:02d}"
            name = f"diagram-{index}.png" if index % 2 else f"Screenshot {stamp}.png"
            files[f"Attachments/{name}"] = PNG_BYTES
    writer.attachments = list(files)

    by_log: dict[str, Candidate] = {}
    for person in people:
        for log in person.interviews:
            by_log[log.path] = person
    people_by_name = {person.name: person for person in people}
    for note in planned:
        if note.kind == "ordinary":
            files[note.path] = writer.ordinary(note)
        elif note.kind == "interview":
            person = by_log[note.path]
            role_cases = [case for case in case_notes if case.detail.startswith(person.role)]
            case = rng.choice(role_cases or case_notes)
            files[note.path] = writer.interview(note, person, case)
        elif note.kind == "candidate":
            files[note.path] = writer.candidate(note, people_by_name[note.name])
        else:
            files[note.path] = writer.broken(note)
    for case in case_notes:
        role, level = case.detail.split("|")
        files[case.path] = writer.case(case, role, level)
    for name, text in TEMPLATES.items():
        files[f"{TEMPLATES_FOLDER}/{name}"] = text.encode()
    files[".trash/Old idea.md"] = b"---\ntags: [old]\n---\n\nDeleted, but Obsidian keeps it.\n"
    files[".trash/Interview draft.md"] = b"---\ntype: interview\n---\n"
    for name, content in CONFIG_FILES.items():
        files[f"{CONFIG_FOLDER}/{name}"] = (json.dumps(content, indent=2) + "\n").encode()

    marker = out / CONFIG_FOLDER / MARKER_NAME
    marker_data: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "notes": notes,
        "seed": seed,
    }
    if hiring_as_in is not None:
        marker_data["hiring_as_in"] = hiring_as_in
    made: dict[str, None] = {}
    for relative in [f"{CONFIG_FOLDER}/{MARKER_NAME}", *files]:
        folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
        if folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made[folder] = None
    # The marker goes first, marked incomplete, so an interrupted run can be redone.
    marker.write_text(json.dumps({**marker_data, "complete": False}) + "\n")
    for relative, content in files.items():
        with open(out / relative, "wb") as handle:
            handle.write(content)
    marker.write_text(json.dumps({**marker_data, "complete": True}) + "\n")


def read_marker(vault: Path) -> dict[str, object] | None:
    """The generator's marker for ``vault``, or None if absent or unreadable."""
    try:
        data = json.loads((vault / CONFIG_FOLDER / MARKER_NAME).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, required=True, help="number of .md files")
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--hiring-as-in",
        type=int,
        metavar="N",
        help="as many hiring notes as a vault of N notes (default: a fixed share of --notes)",
    )
    arguments = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        make_vault(arguments.out, arguments.notes, arguments.seed, arguments.hiring_as_in)
    except (ValueError, FileExistsError) as error:
        print(f"make_vault: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f"wrote {arguments.notes} notes to {arguments.out} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
