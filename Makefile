# The two commands a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -c "import yaml, sys; yaml.__with_libyaml__ or sys.stderr.write('warning: PyYAML has no C loader; parsing will be slow\n')"
	touch $(STAMP)

demo: $(STAMP)
	@echo "== vault-tools lint example_vault"
	@$(BIN)/vault-tools lint example_vault
	@echo
	@echo "== vault-tools index example_vault --today 2025-11-24   (rewrites a note only when its content changed)"
	@$(BIN)/vault-tools index example_vault --today 2025-11-24
	@echo
	@echo "== vault-tools retro example_vault --quarter 2025-Q3"
	@$(BIN)/vault-tools retro example_vault --quarter 2025-Q3
	@echo
	@echo "Where to look (or open example_vault as a vault in Obsidian):"
	@echo "  example_vault/Hiring/Interview Index.md (one line per quarter)"
	@echo "  example_vault/Hiring/Interviews by quarter/2025-Q3.md (one per quarter)"
	@echo "  example_vault/Hiring/Case Index.md"
	@echo "  example_vault/Hiring/Candidate Pipeline.md"
	@echo "  example_vault/Hiring/Candidates by year/2025.md (decided earlier, one per year)"
	@echo "  example_vault/Hiring/Retrospectives/2025-Q3 Interview Retrospective.md (one per quarter)"
	@echo "README.md walks through every command: .venv/bin/vault-tools --help"

test: $(STAMP)
	$(BIN)/ruff check vault_tools tests benchmarks
	$(BIN)/ruff format --check vault_tools tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_open.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
