"""Where generated notes go and which columns their tables show: ``.vault-tools/config.yaml``.

Light on purpose (the config, the writer's path check): every command checks these settings,
``lint`` too, which must not load what makes the generated notes to do so.

Every key is optional; the defaults are what :data:`DEFAULT_INDEXES` and
:data:`DEFAULT_RETROSPECTIVE_PATH` say::

    indexes:
      interviews:
        path: Hiring/Interview Index.md     # the hub: one line per quarter
        by_quarter: "Hiring/Interviews by quarter/{quarter}.md"   # each quarter's rows
        columns: [date, candidate, stage, role, level, interviewer, competence, creativity,
                  business_sense, recommendation]
      cases:
        path: Hiring/Case Index.md          # `false` (or `path: null`) turns an index off
      candidates:
        path: Hiring/Candidate Pipeline.md  # who is in process or decided in two quarters
        by_year: "Hiring/Candidates by year/{year}.md"   # everyone decided before, by year
    retrospectives:
      path: "Hiring/Retrospectives/{quarter} Interview Retrospective.md"
      predictive_value: "Hiring/Retrospectives/Predictive value.md"   # over all quarters

Unknown index names, unknown columns and unsafe paths are configuration errors: the tool
cannot run with them, so they raise :class:`~vault_tools.errors.ConfigError`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vault_tools.config import CONFIG_FILE, Config
from vault_tools.errors import ConfigError
from vault_tools.writer import UnsafePathError, check_relative_path

__all__ = [
    "CANDIDATE_COLUMNS",
    "CASE_COLUMNS",
    "DEFAULT_INDEXES",
    "DEFAULT_PREDICTIVE_VALUE_PATH",
    "DEFAULT_REPLY_WITHIN_DAYS",
    "DEFAULT_RETROSPECTIVE_PATH",
    "INTERVIEW_COLUMNS",
    "KNOWN_COLUMNS",
    "THEME_LABELS",
    "GenerateSettings",
    "IndexSettings",
    "settings_mapping",
]

# How the generated notes name each score (the interview's themes, then the case criteria).
THEME_LABELS: Mapping[str, str] = {
    "competence": "Competence",
    "creativity": "Creativity",
    "business_sense": "Business sense",
    "technical_depth": "Technical depth",
    "problem_solving": "Problem-solving",
    "communication": "Communication",
    "experience": "Experience",
}

INTERVIEW_COLUMNS: Mapping[str, str] = {
    "date": "Date",
    "candidate": "Candidate",
    "stage": "Stage",
    "role": "Role",
    "level": "Level",
    "interviewer": "Interviewer",  # the log's author, linking to the log
    "interviewers": "Panel",
    "case": "Case",
    **THEME_LABELS,
    "recommendation": "Recommendation",
    "convincing": "Convincing",
    "learned_something": "Learned something",
    "independence": "Notes before debrief",
    "log": "Log",
}
CASE_COLUMNS: Mapping[str, str] = {
    "case": "Case",
    "role": "Role",
    "level": "Level",
    "status": "Status",
    "interviews": "Interviews",
    "candidates": "Candidates",
    "last_used": "Last used",
    **THEME_LABELS,
    "recommendations": "Recommendations",
}
CANDIDATE_COLUMNS: Mapping[str, str] = {
    "candidate": "Candidate",
    "role": "Role",
    "level": "Level",
    "first_contact": "First contact",
    "stages": "Stages done",
    "last_interview": "Last interview",
    "recommendations": "Latest recommendations",
    "decision": "Decision",
    "decision_date": "Decided",
    "notified": "Told",
    "waiting": "Waiting on us",
    "outcome": "Outcome",
}

DEFAULT_INDEXES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "interviews": (
        "Hiring/Interview Index.md",
        (
            "date",
            "candidate",
            "stage",
            "role",
            "level",
            "interviewer",
            "competence",
            "creativity",
            "business_sense",
            "recommendation",
        ),
    ),
    "cases": (
        "Hiring/Case Index.md",
        (
            "case",
            "role",
            "level",
            "status",
            "interviews",
            "candidates",
            "last_used",
            "technical_depth",
            "problem_solving",
            "communication",
            "experience",
            "recommendations",
        ),
    ),
    "candidates": (
        "Hiring/Candidate Pipeline.md",
        (
            "candidate",
            "role",
            "level",
            "first_contact",
            "stages",
            "last_interview",
            "recommendations",
            "decision",
            "decision_date",
            "notified",
        ),
    ),
}
KNOWN_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "interviews": INTERVIEW_COLUMNS,
    "cases": CASE_COLUMNS,
    "candidates": CANDIDATE_COLUMNS,
}
DEFAULT_RETROSPECTIVE_PATH = "Hiring/Retrospectives/{quarter} Interview Retrospective.md"
# The interview index and the pipeline grow with every year of hiring; what keeps each note
# of bounded size is that the rows live in one note per quarter (interviews) and per year
# (candidates decided before the last two quarters), behind the hub and the pipeline.
DEFAULT_INTERVIEW_QUARTER_PATH = "Hiring/Interviews by quarter/{quarter}.md"
DEFAULT_CANDIDATE_YEAR_PATH = "Hiring/Candidates by year/{year}.md"
# Interview scores against the later outcomes of hires read every quarter: one note of its
# own, linked from each retrospective, so that a hire's change rewrites it and the quarters
# that hire was interviewed in, not every retrospective.
DEFAULT_PREDICTIVE_VALUE_PATH = "Hiring/Retrospectives/Predictive value.md"

# A candidate who has waited on us longer than this many days stands out in the pipeline.
DEFAULT_REPLY_WITHIN_DAYS = 5


@dataclass(frozen=True)
class IndexSettings:
    name: str  # "interviews", "cases", "candidates"
    path: str
    columns: tuple[str, ...]


# The last config read by GenerateSettings.from_config (kept, so its id is not reused), and
# its settings.
_last_settings: tuple[Config, GenerateSettings] | None = None


@dataclass(frozen=True)
class GenerateSettings:
    indexes: tuple[IndexSettings, ...]
    retrospective_path: str  # contains "{quarter}"
    interview_quarter_path: str = DEFAULT_INTERVIEW_QUARTER_PATH  # contains "{quarter}"
    candidate_year_path: str = DEFAULT_CANDIDATE_YEAR_PATH  # contains "{year}"
    predictive_value_path: str = DEFAULT_PREDICTIVE_VALUE_PATH
    # The pipeline marks a candidate waiting on us for longer than this (hiring.reply_within_days).
    reply_within_days: int = DEFAULT_REPLY_WITHIN_DAYS

    def index(self, name: str) -> IndexSettings | None:
        return next((index for index in self.indexes if index.name == name), None)

    def retrospective(self, quarter: object) -> str:
        return self.retrospective_path.replace("{quarter}", str(quarter))

    def retrospective_quarter(self, path: str) -> str | None:
        """The quarter (``"2025-Q3"``) whose retrospective is at ``path``; None for any other
        path. Case-insensitive, as note paths are in Obsidian."""
        match = _retrospective_pattern(self.retrospective_path).fullmatch(path)
        return match.group("quarter").upper() if match else None

    def interview_quarter(self, quarter: object) -> str:
        """The note of one quarter's interview rows."""
        return self.interview_quarter_path.replace("{quarter}", str(quarter))

    def interview_quarter_of(self, path: str) -> str | None:
        """The quarter whose interview rows are at ``path``; None for any other path."""
        match = _retrospective_pattern(self.interview_quarter_path).fullmatch(path)
        return match.group("quarter").upper() if match else None

    def candidate_year(self, year: int) -> str:
        """The archive note of the candidates decided in ``year``."""
        return self.candidate_year_path.replace("{year}", f"{year:04d}")

    def candidate_year_of(self, path: str) -> int | None:
        """The year whose archived candidates are at ``path``; None for any other path."""
        match = _year_pattern(self.candidate_year_path).fullmatch(path)
        return int(match.group("year")) if match else None

    def may_be_named(self, name: str) -> bool:
        """Whether a generated note has, or may one day have, the name ``name`` (a note's file
        name without ``.md``, in any case): an index, the predictive-value note, or the note of
        some quarter or year."""
        fixed, patterns = _generated_names(self)
        folded = name.casefold()
        return folded in fixed or any(pattern.fullmatch(folded) for pattern in patterns)

    @classmethod
    def from_config(cls, config: Config) -> GenerateSettings:
        """The settings of ``config`` (ConfigError when they cannot be used). The last
        config's are remembered: the watcher asks for them several times per change."""
        global _last_settings
        last = _last_settings
        if last is not None and last[0] is config and cls is GenerateSettings:
            return last[1]
        settings = cls._checked(config)
        _last_settings = (config, settings)
        return settings

    def generated_paths(self) -> list[tuple[str, str]]:
        """(setting, its value) for each kind of generated note; a quarter's or a year's
        path holds ``{quarter}`` or ``{year}``."""
        generated = [(f"indexes.{index.name}.path", index.path) for index in self.indexes]
        generated.append(("retrospectives.path", self.retrospective_path))
        generated.append(("retrospectives.predictive_value", self.predictive_value_path))
        if self.index("interviews") is not None:
            generated.append(("indexes.interviews.by_quarter", self.interview_quarter_path))
        if self.index("candidates") is not None:
            generated.append(("indexes.candidates.by_year", self.candidate_year_path))
        return generated

    @classmethod
    def _checked(cls, config: Config) -> GenerateSettings:
        settings = cls.from_mapping(config.settings)
        templates = config.templates_folder
        for key, value in settings.generated_paths():
            path = value.replace("{quarter}", "2025-Q3").replace("{year}", "2025")
            if templates is not None and path.lower().startswith(templates.lower() + "/"):
                # A template is copied, body and all, into every note made from it: each new
                # log would carry a copy of the index.
                raise ConfigError(
                    f"{CONFIG_FILE}: {key} {path!r} is in the templates folder {templates}/: "
                    "put the generated note in another folder"
                )
            for folder, kind in config.type_by_folder.items():
                if path.lower().startswith(folder.lower() + "/"):
                    # It would be read back as one of the notes it lists, and linted as one.
                    raise ConfigError(
                        f"{CONFIG_FILE}: {key} is in {folder}/, whose notes types.by_folder "
                        f"makes {kind} notes: put the generated note in another folder"
                    )
        return settings

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Any]) -> GenerateSettings:
        indexes_section = settings_mapping(settings.get("indexes"), "indexes")
        unknown = sorted(set(indexes_section) - set(DEFAULT_INDEXES))
        if unknown:
            raise ConfigError(
                f"{CONFIG_FILE}: unknown index(es) {', '.join(unknown)} "
                f"(known: {', '.join(DEFAULT_INDEXES)})"
            )
        indexes: list[IndexSettings] = []
        for name, (default_path, default_columns) in DEFAULT_INDEXES.items():
            entry = indexes_section.get(name, {})
            # `cases: false`, `path: false`, `path: null` or `path: ""` turn the index off;
            # `path: 0` is a mistake, not "off", and is reported by _path below.
            if entry is False or (
                isinstance(entry, dict)
                and "path" in entry
                and (entry["path"] is None or entry["path"] is False or entry["path"] == "")
            ):
                continue
            entry = settings_mapping(entry, f"indexes.{name}")
            path = _path(entry.get("path", default_path), f"indexes.{name}.path")
            columns = _columns(entry.get("columns"), name, default_columns)
            indexes.append(IndexSettings(name, path, columns))
        paths = [index.path.lower() for index in indexes]
        if len(set(paths)) != len(paths):
            raise ConfigError(f"{CONFIG_FILE}: two indexes have the same path")
        retro_section = settings_mapping(settings.get("retrospectives"), "retrospectives")
        template = retro_section.get("path", DEFAULT_RETROSPECTIVE_PATH)
        if not isinstance(template, str) or "{quarter}" not in template:
            raise ConfigError(
                f"{CONFIG_FILE}: retrospectives.path must contain {{quarter}}, e.g. "
                f"{DEFAULT_RETROSPECTIVE_PATH!r}"
            )
        template = template.strip()
        if not template.lower().endswith(".md"):
            # Only notes are written: every retrospective would be refused.
            raise ConfigError(
                f"{CONFIG_FILE}: retrospectives.path {template!r} must end in .md (a note), "
                f"e.g. {DEFAULT_RETROSPECTIVE_PATH!r}"
            )
        _path(template.replace("{quarter}", "2025-Q3"), "retrospectives.path")
        if template.replace("{quarter}", "").lower() in paths:
            raise ConfigError(f"{CONFIG_FILE}: retrospectives.path collides with an index")
        by_quarter = _part_path(
            indexes_section.get("interviews"),
            "interviews",
            "by_quarter",
            "{quarter}",
            DEFAULT_INTERVIEW_QUARTER_PATH,
        )
        by_year = _part_path(
            indexes_section.get("candidates"),
            "candidates",
            "by_year",
            "{year}",
            DEFAULT_CANDIDATE_YEAR_PATH,
        )
        predictive = _path(
            retro_section.get("predictive_value", DEFAULT_PREDICTIVE_VALUE_PATH),
            "retrospectives.predictive_value",
        )
        if not predictive or predictive.lower() in paths:
            raise ConfigError(
                f"{CONFIG_FILE}: retrospectives.predictive_value must be a note of its own, "
                f"e.g. {DEFAULT_PREDICTIVE_VALUE_PATH!r}"
            )
        made = cls(
            tuple(indexes),
            template,
            by_quarter,
            by_year,
            predictive,
            _reply_within_days(settings_mapping(settings.get("hiring"), "hiring")),
        )
        made._check_distinct()
        return made

    def _check_distinct(self) -> None:
        """No index is a note of a quarter or a year, and no two kinds of those share a note:
        each would be rewritten with the other's block, or read as the other's."""
        patterns = {
            "retrospectives.path": self.retrospective_quarter,
            "indexes.interviews.by_quarter": self.interview_quarter_of,
            "indexes.candidates.by_year": self.candidate_year_of,
        }
        examples = {
            "retrospectives.path": self.retrospective("2025-Q3"),
            "indexes.interviews.by_quarter": self.interview_quarter("2025-Q3"),
            "indexes.candidates.by_year": self.candidate_year(2025),
        }
        named = [(f"indexes.{index.name}.path", index.path) for index in self.indexes]
        named.append(("retrospectives.predictive_value", self.predictive_value_path))
        for key, path in [*named, *examples.items()]:
            for other, matches in patterns.items():
                if other != key and matches(path) is not None:
                    raise ConfigError(f"{CONFIG_FILE}: {key} collides with {other}")


def refusal_for_existing_note(
    path: str,
    wanted: str,
    text: str,
    blocks: list[str],
    *,
    kind: str | None,
    user_may_start_it: bool,
) -> str | None:
    """Why the note at ``path`` (found for the generated note ``wanted``, perhaps in another
    case) must not receive the generated ``blocks``; None when it may.

    A note with vault-tools markers, or still empty (as Obsidian creates a note from a link),
    is a generated one. A quarter's retrospective may also be started by hand at its path
    (``user_may_start_it``): the block is added under the user's words. Any other note is
    the user's: an interview log, a candidate (``kind``: its type), ``Home.md`` that an index
    path was set to by mistake, a note whose name differs only in case. Adding the block to
    it would write outside any markers the user placed, so it is left alone, and the run says
    why.
    """
    if "%% vault-tools:" in text or not text.strip():  # broken markers: reported after
        return None
    if path != wanted:
        return (
            f"{path} is a note of yours, not {wanted} (the names differ only in case, and "
            "Obsidian, macOS and Windows take them for one note): rename it, or set another "
            f"path in {CONFIG_FILE}"
        )
    if user_may_start_it and kind is None:
        return None
    article = "an" if kind and kind[0] in "aeiou" else "a"
    what = f"{article} {kind} note of yours" if kind else "a note of yours"
    markers = " and ".join(f"`%% vault-tools:begin {name} %%`" for name in blocks)
    return (
        f"{path} is {what} (it has no vault-tools markers): set another path in "
        f"{CONFIG_FILE}, or add {markers} with its end line where the block should go"
    )


@functools.lru_cache(maxsize=8)
def _generated_names(
    settings: GenerateSettings,
) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The names of the generated notes (casefolded), and the patterns of those made per
    quarter or year: see :meth:`GenerateSettings.may_be_named`."""
    fixed = [index.path for index in settings.indexes] + [settings.predictive_value_path]
    # Casefolded like the names they are matched with ("Abschluß" is "abschluss" then).
    patterns = (
        _retrospective_pattern(_name(settings.retrospective_path).casefold()),
        _retrospective_pattern(_name(settings.interview_quarter_path).casefold()),
        _year_pattern(_name(settings.candidate_year_path).casefold()),
    )
    return frozenset(_name(path).casefold() for path in fixed), patterns


def _name(path: str) -> str:
    base = path.rsplit("/", 1)[-1]
    return base[:-3] if base.lower().endswith(".md") else base


@functools.lru_cache(maxsize=8)
def _retrospective_pattern(template: str) -> re.Pattern[str]:
    """``template`` (with ``{quarter}``) as a pattern, built once: a full run asks it of every
    note of the vault."""
    pattern = re.escape(template).replace(re.escape("{quarter}"), r"(?P<quarter>\d{4}-Q[1-4])", 1)
    pattern = pattern.replace(re.escape("{quarter}"), r"(?P=quarter)")
    return re.compile(pattern, re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _year_pattern(template: str) -> re.Pattern[str]:
    """``template`` (with ``{year}``) as a pattern, as :func:`_retrospective_pattern`."""
    pattern = re.escape(template).replace(re.escape("{year}"), r"(?P<year>\d{4})", 1)
    pattern = pattern.replace(re.escape("{year}"), r"(?P=year)")
    return re.compile(pattern, re.IGNORECASE)


def _part_path(entry: Any, index: str, key: str, placeholder: str, default: str) -> str:
    """The path template of the notes an index is split into (``{quarter}`` or ``{year}``)."""
    template = entry.get(key, default) if isinstance(entry, dict) else default
    name = f"indexes.{index}.{key}"
    if not isinstance(template, str) or placeholder not in template:
        raise ConfigError(f"{CONFIG_FILE}: {name} must contain {placeholder}, e.g. {default!r}")
    _path(template.replace(placeholder, "2025"), name)
    template = template.strip()
    return template if template.lower().endswith(".md") else template + ".md"


def _reply_within_days(hiring: Mapping[str, Any]) -> int:
    value = hiring.get("reply_within_days", DEFAULT_REPLY_WITHIN_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"{CONFIG_FILE}: hiring.reply_within_days must be a whole number of days (0 or more)"
        )
    return value


def settings_mapping(value: Any, key: str) -> dict[str, Any]:
    """A section of the config file (``key``: its name, for the error), {} when absent."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{CONFIG_FILE}: {key} must be a mapping")
    return {str(k): v for k, v in value.items()}


def _path(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{CONFIG_FILE}: {key} must be a vault-relative path")
    path = value.strip()
    if path and not path.lower().endswith(".md"):
        path += ".md"
    try:
        check_relative_path(path)
    except UnsafePathError as error:
        raise ConfigError(f"{CONFIG_FILE}: {key} {value!r}: {error}") from error
    return path


def _columns(value: Any, index: str, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    known = KNOWN_COLUMNS[index]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{CONFIG_FILE}: indexes.{index}.columns must be a list of names")
    if not value:
        raise ConfigError(
            f"{CONFIG_FILE}: indexes.{index}.columns must not be empty (leave it out for the "
            f"default columns, or turn the index off with `{index}: false`)"
        )
    unknown = [column for column in value if column not in known]
    if unknown:
        raise ConfigError(
            f"{CONFIG_FILE}: indexes.{index}.columns: unknown {', '.join(unknown)} "
            f"(known: {', '.join(known)})"
        )
    return tuple(value)
