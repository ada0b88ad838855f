# zhengtong: the two commands.
#   make run   build everything and serve the demo city on http://127.0.0.1:8080
#   make test  build everything and run every test (unit, SQLite, PostgreSQL, browser)
# Both install what they need on Debian 12 first (scripts/bootstrap.sh).

BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= sqlite:var/zhengtong.db
PORT ?= 8080
# The demo lets staff in with the password alone; `make run STAFF_SECOND_FACTOR=required` shows
# the production policy (staff enrol an authenticator app at first login, docs/security.md).
STAFF_SECOND_FACTOR ?= optional
BIN := $(BUILD)/src/cli/zhengtong

.PHONY: run test build web deps bench format check-format clean

deps:
	@scripts/bootstrap.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

web: deps
	@scripts/build_web.sh

run: build web
	@mkdir -p var
	@[ -s var/licence.kek ] || (umask 077 && head -c 32 /dev/urandom | base64 > var/licence.kek)
	@$(BIN) migrate --db $(DB) >/dev/null
	@ZT_LICENCE_KEK_FILE=var/licence.kek $(BIN) seed --db $(DB)
	@scripts/print_logins.sh var/demo-logins.txt http://127.0.0.1:$(PORT)/
	@ZT_LICENCE_KEK_FILE=var/licence.kek exec $(BIN) serve --db $(DB) --port $(PORT) --staff-second-factor $(STAFF_SECOND_FACTOR) --sms-outbox var/sms

test: build web
	@scripts/check_format.sh
	@cd $(BUILD) && ctest --output-on-failure -j 2 --timeout 900

bench: build
	@scripts/run_bench.sh

format:
	@git ls-files --cached --others --exclude-standard '*.cc' '*.h' | while read -r f; do [ -f "$$f" ] && echo "$$f"; done | xargs clang-format -i

clean:
	rm -rf $(BUILD)
