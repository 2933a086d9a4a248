# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv if missing and install
# the versions pinned in constraints.txt; pip's own output goes to .venv/install.log (its end is shown
# only when a step fails). Stamps in .venv keep a second run from installing again.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOG := $(VENV)/install.log
CONSTRAINTS := constraints.txt
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# qualcode itself is built --no-build-isolation, by the pinned setuptools each install step puts in first
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check -c $(CONSTRAINTS)
# every benchmark script; synthetic.py and _*.py are helpers (`make bench BENCHES=bench/startup.py` runs one)
BENCHES ?= $(filter-out bench/synthetic.py bench/_%.py,$(sort $(wildcard bench/*.py)))
DEMO_PROJECT := exports/demo-nb.qualcode

# $(call pins,SECTION): how many packages constraints.txt pins under its "# SECTION ..." heading
pins = $(shell awk '/^# /{section=$$2} /==/ && section=="$(1)"{n++} END{print n+0}' $(CONSTRAINTS))
# $(call logged,WHAT,COMMAND): COMMAND's output goes to the log; when it fails, say so and show the log's end
logged = { echo "== $$(date '+%F %T') $(2)" >>$(LOG); $(2) >>$(LOG) 2>&1; } \
	|| { echo "qualcode: $(1) failed; the last lines of $(LOG):" >&2; tail -n 40 $(LOG) >&2; exit 1; }

.PHONY: demo test install lint types bench lock clean
# a failed step leaves no stamp (or half-made .venv/bin/python) behind, so the next run retries it
.DELETE_ON_ERROR:

$(BIN)/python:
	@echo "qualcode: creating $(VENV) ($$($(PYTHON) --version 2>&1))"
	@mkdir -p $(VENV)
	@$(call logged,creating $(VENV),$(PYTHON) -m venv $(VENV))

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	@echo "qualcode: installing qualcode and $(call pins,runtime) pinned packages (about a minute)..."
	@$(call logged,installing pip and setuptools,$(PIP_INSTALL) --upgrade pip setuptools)
	@$(call logged,installing,$(PIP_INSTALL) --no-build-isolation -e .)
	@touch $@

$(TEST_STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	@echo "qualcode: installing qualcode and $$(( $(call pins,runtime) + $(call pins,test) )) pinned packages," \
		"test, lint and type tools included (about a minute)..."
	@$(call logged,installing pip and setuptools,$(PIP_INSTALL) --upgrade pip setuptools)
	@$(call logged,installing,$(PIP_INSTALL) --no-build-isolation -e '.[test]')
	@touch $@ $(STAMP)

install: $(STAMP)
	@echo "qualcode: installed in $(VENV); to type \`qualcode\` in this shell: source $(VENV)/bin/activate"

demo: $(STAMP)
	@echo "qualcode: $(if $(wildcard $(DEMO_PROJECT)),opening the demo project $(DEMO_PROJECT),building the demo project $(DEMO_PROJECT) from corpora/demo-nb and opening it)"
	@$(BIN)/qualcode demo

# pytest's own exit code is make's: 5 (no tests collected) fails like a failing test
# every check: lint and types first (seconds), then the tests and the import contracts in them
test: lint types
	@echo "qualcode: running the tests (pytest -n 2)"
	@$(BIN)/python -m pytest -n 2

lint: $(TEST_STAMP)
	@echo "qualcode: ruff check qualcode/ tests/ bench/"
	@$(BIN)/ruff check --quiet qualcode/ tests/ bench/

types: $(TEST_STAMP)
	@echo "qualcode: mypy qualcode/"
	@$(BIN)/mypy --no-error-summary qualcode/

bench: $(STAMP)
	@for script in $(BENCHES); do echo "qualcode: running $$script"; $(BIN)/python $$script || exit 1; done

# Regenerate constraints.txt: the newest versions pyproject.toml allows, resolved in a fresh temporary venv.
lock:
	@$(PYTHON) -c "$$LOCK_PY"

clean:
	rm -rf $(VENV) exports/*.qualcode*

# The lock, in Python for tomllib: pip and the build backend, then the runtime dependencies, then the
# optional (test) ones, each installed on top of the last, so every pin lands in the section that needs it.
define LOCK_PY
import datetime, pathlib, platform, re, subprocess, sys, tempfile, tomllib

pyproject = tomllib.loads(pathlib.Path("pyproject.toml").read_text(encoding="utf-8"))
build = pyproject["build-system"]["requires"]
runtime = pyproject["project"]["dependencies"]
extras = [req for reqs in pyproject["project"].get("optional-dependencies", {}).values() for req in reqs]
SECTIONS = [("installer", "installer and build backend"), ("runtime", "runtime dependencies"),
            ("test", "test extras, lint and type tools")]  # the first word is the section's key

with tempfile.TemporaryDirectory(prefix="qualcode-lock-") as tmp:
    venv = pathlib.Path(tmp, "venv")
    log = pathlib.Path(tmp, "lock.log")

    def run(what, *command):
        print("qualcode: " + what, flush=True)
        with log.open("a", encoding="utf-8") as out:
            code = subprocess.run([str(part) for part in command], stdout=out, stderr=subprocess.STDOUT).returncode
        if code:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
            sys.exit("qualcode: lock failed; the last lines of its log:\n" + "\n".join(tail))

    def frozen():
        text = subprocess.run([venv / "bin" / "python", "-m", "pip", "freeze", "--all"],
                              capture_output=True, text=True, check=True).stdout
        return dict(line.split("==", 1) for line in text.splitlines() if "==" in line)

    install = [venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "--upgrade"]
    run("creating a fresh temporary venv (" + platform.python_version() + ")", sys.executable, "-m", "venv", venv)
    run("resolving pip and the build backend", *install, "pip", *build)
    installer = set(frozen())
    run("resolving the runtime dependencies", *install, *runtime)
    needed = set(frozen())
    run("resolving the test extras, lint and type tools (about a minute)...", *install, *extras)
    versions = frozen()

section_of = {name: "installer" if name in installer else "runtime" if name in needed else "test" for name in versions}
lines = ["# Pinned versions: make demo, make test and CI install with `pip install -c constraints.txt`.",
         "# Made by `make lock` on " + datetime.date.today().isoformat() + " with Python " + platform.python_version()
         + ": the newest versions pyproject.toml allows.",
         "# tests/test_install.py checks that every dependency pyproject.toml names is pinned here."]
for key, title in SECTIONS:
    lines.append("# " + title)
    names = sorted((name for name in versions if section_of[name] == key), key=str.lower)
    lines += [name + "==" + versions[name] for name in names]
pathlib.Path("constraints.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
print("qualcode: wrote constraints.txt, " + str(len(versions)) + " pins; run make test, then commit it")
endef
export LOCK_PY
