# City Profile Search — `make run` serves the bundled corpus, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test index bench bench-scale soak reliability clean chromium java-maven solr-up solr-down messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run  ## index corpus/ and serve it on http://127.0.0.1:8000
	$(BIN)/profile-search index --corpus corpus --index index
	$(BIN)/profile-search serve --corpus corpus --index index --host $(HOST) --port $(PORT)

index: $(VENV)/.installed-run
	$(BIN)/profile-search index --corpus corpus --index index

test: $(VENV)/.installed-test chromium java-maven  ## run the whole test suite (unit, integration, end-to-end, browser)
	$(BIN)/python -m pytest

# The SolrCloud contract tests start Solr from Maven Central's jars: Java 17 and Maven, installed here when
# we are root with apt-get, otherwise stop before any test runs, with the command that installs them.
java-maven:
	@{ command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Java and Maven for the SolrCloud tests (apt-get install openjdk-17-jdk-headless maven)…"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
	  fi; \
	  { command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; } || { \
	    echo "The SolrCloud tests need Java 17 and Maven. Install them with:  sudo apt-get install -y openjdk-17-jdk-headless maven  — then run make test again." >&2; \
	    exit 1; }; }
	@test -f solr/target/solr-launcher-1.0.jar || { echo "Building the Solr launcher (Solr jars from Maven Central, first use only)…"; \
	  mvn -q -B -f solr/pom.xml package -DskipTests; }

# The browser tests drive Debian's Chromium: installed here when we are root with apt-get,
# otherwise stop before any test runs, with the command that installs it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests (apt-get install chromium)…"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  fi; \
	  command -v chromium >/dev/null 2>&1 || { \
	    echo "The browser tests need Chromium. Install it with:  sudo apt-get install -y chromium  — then run make test again." >&2; \
	    exit 1; }; }

bench: $(VENV)/.installed-test  ## build and search benchmarks against SQLite FTS5 (see bench/RESULTS.md)
	$(BIN)/python bench/bench_build.py --profiles 2000 --repeats 3
	$(BIN)/python bench/bench_search.py --profiles 2000 --queries 200

# SOLR=1 adds the Solr column: a fresh 2-node SolrCloud per size (Java 17 and Maven, as for make test), stopped after it.
BENCH_SOLR := $(if $(filter-out 0 no false off,$(SOLR)),--solr)
bench-scale: $(VENV)/.installed-test $(if $(BENCH_SOLR),java-maven)  ## build, memory and HTTP latency at 200 and 2,000 profiles beside SQLite FTS5 (SIZES=200,2000,20000 for more; SOLR=1 adds SolrCloud)
	$(BIN)/python bench/bench_scale.py --sizes $${SIZES:-200,2000} $(BENCH_SOLR)

# the site's messages: extracted from the code and templates, merged into each language's catalogue
# (search_app/translations/<lang>/LC_MESSAGES/messages.po); translate what is new, then `make test`
# checks that nothing is missing. The catalogues are compiled when the package is installed.
messages: $(VENV)/.installed-test  ## update the message catalogues after changing what the site says
	$(BIN)/pybabel extract -F babel.cfg -k msg -k nmsg:1,2 -k N_ --no-location --sort-output --omit-header \
	  -o search_app/translations/messages.pot .
	$(BIN)/pybabel update -i search_app/translations/messages.pot -d search_app/translations --no-fuzzy-matching \
	  --ignore-obsolete -w 120
	@echo "Now translate the new entries (empty msgstr) in search_app/translations/*/LC_MESSAGES/messages.po"

soak: $(VENV)/.installed-test  ## the load-while-rebuilding test for 60 s instead of 20 s
	RELIABILITY_SECONDS=60 $(BIN)/python -m pytest tests/reliability/test_load.py -s -q

# the reliability suite, the property tests explored at random, and the query grammar fuzzed with 20,000
# requests per backend and a fresh seed (figures and seeds land in artifacts/reliability/)
reliability: $(VENV)/.installed-test java-maven  ## reliability suite + random property tests + 20,000-request grammar fuzz
	$(BIN)/python -m pytest tests/reliability -q
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests -q -m property
	GRAMMAR_FUZZ_REQUESTS=$${GRAMMAR_FUZZ_REQUESTS:-20000} GRAMMAR_FUZZ_SEED=$${GRAMMAR_FUZZ_SEED:-$$(date +%s)} \
	  $(BIN)/python -m pytest tests/contract/test_query_grammar.py -q

clean:
	rm -rf $(VENV) .pytest_cache artifacts bench/out

# A SolrCloud on loopback (ZooKeeper + 2 Solr nodes, separate processes; data, pids and logs in .solr/).
SOLR_NODES ?= 2
solr-up: $(VENV)/.installed-run  ## start ZooKeeper and Solr nodes; prints the backend URL
	$(BIN)/profile-search solr up --nodes $(SOLR_NODES)

solr-down: $(VENV)/.installed-run  ## stop them by their recorded pids
	$(BIN)/profile-search solr down
