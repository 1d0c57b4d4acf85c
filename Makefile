.PHONY: run test lint
run:
	./dev run
test:
	./dev test
lint:
	./dev lint
