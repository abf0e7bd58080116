"""Where generated notes go and which columns their tables show: ``.vault-tools/config.yaml``.

Every key is optional; the defaults are what :data:`DEFAULT_INDEXES` and
:data:`DEFAULT_RETROSPECTIVE_PATH` say::

    indexes:
      interviews:
        path: Hiring/Interview Index.md
        columns: [date, candidate, stage, role, level, interviewer, competence, creativity,
                  business_sense, recommendation]
      cases:
        path: Hiring/Case Index.md          # `false` (or `path: null`) turns an index off
      candidates:
        path: Hiring/Candidate Pipeline.md
    retrospectives:
      path: "Hiring/Retrospectives/{quarter} Interview Retrospective.md"

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
from vault_tools.hiring import THEME_LABELS
from vault_tools.writer import UnsafePathError, check_relative_path

__all__ = [
    "CANDIDATE_COLUMNS",
    "CASE_COLUMNS",
    "DEFAULT_INDEXES",
    "DEFAULT_RETROSPECTIVE_PATH",
    "INTERVIEW_COLUMNS",
    "KNOWN_COLUMNS",
    "GenerateSettings",
    "IndexSettings",
]

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


@dataclass(frozen=True)
class IndexSettings:
    name: str  # "interviews", "cases", "candidates"
    path: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class GenerateSettings:
    indexes: tuple[IndexSettings, ...]
    retrospective_path: str  # contains "{quarter}"

    def index(self, name: str) -> IndexSettings | None:
        return next((index for index in self.indexes if index.name == name), None)

    def retrospective(self, quarter: object) -> str:
        return self.retrospective_path.replace("{quarter}", str(quarter))

    def retrospective_quarter(self, path: str) -> str | None:
        """The quarter (``"2025-Q3"``) whose retrospective is at ``path``; None for any other
        path. Case-insensitive, as note paths are in Obsidian."""
        match = _retrospective_pattern(self.retrospective_path).fullmatch(path)
        return match.group("quarter").upper() if match else None

    @classmethod
    def from_config(cls, config: Config) -> GenerateSettings:
        settings = cls.from_mapping(config.settings)
        generated = [(f"indexes.{index.name}.path", index.path) for index in settings.indexes]
        generated.append(("retrospectives.path", settings.retrospective("2025-Q3")))
        for key, path in generated:
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
        indexes_section = _mapping(settings.get("indexes"), "indexes")
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
            entry = _mapping(entry, f"indexes.{name}")
            path = _path(entry.get("path", default_path), f"indexes.{name}.path")
            columns = _columns(entry.get("columns"), name, default_columns)
            indexes.append(IndexSettings(name, path, columns))
        paths = [index.path.lower() for index in indexes]
        if len(set(paths)) != len(paths):
            raise ConfigError(f"{CONFIG_FILE}: two indexes have the same path")
        retro_section = _mapping(settings.get("retrospectives"), "retrospectives")
        template = retro_section.get("path", DEFAULT_RETROSPECTIVE_PATH)
        if not isinstance(template, str) or "{quarter}" not in template:
            raise ConfigError(
                f"{CONFIG_FILE}: retrospectives.path must contain {{quarter}}, e.g. "
                f"{DEFAULT_RETROSPECTIVE_PATH!r}"
            )
        _path(template.replace("{quarter}", "2025-Q3"), "retrospectives.path")
        if template.replace("{quarter}", "").lower() in paths:
            raise ConfigError(f"{CONFIG_FILE}: retrospectives.path collides with an index")
        return cls(tuple(indexes), template)


@functools.lru_cache(maxsize=8)
def _retrospective_pattern(template: str) -> re.Pattern[str]:
    """``template`` (with ``{quarter}``) as a pattern, built once: a full run asks it of every
    note of the vault."""
    pattern = re.escape(template).replace(re.escape("{quarter}"), r"(?P<quarter>\d{4}-Q[1-4])", 1)
    pattern = pattern.replace(re.escape("{quarter}"), r"(?P=quarter)")
    return re.compile(pattern, re.IGNORECASE)


def _mapping(value: Any, key: str) -> dict[str, Any]:
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
