# The two commands of the README: `make run` (demo on the embedded default) and `make test`.
.PHONY: run test lint bench e2e

run:
	bash .ci/system-deps run
	bash .ci/python-deps
	.venv/bin/python manage.py migrate
	.venv/bin/python manage.py seed_demo
	.venv/bin/python manage.py runserver 127.0.0.1:8000

test:
	bash .ci/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

e2e:
	bash .ci/test -m e2e

bench:
	bash bench/run
