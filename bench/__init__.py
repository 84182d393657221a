"""The benchmark: seeds a separate database at scale, drives a real gunicorn server on
loopback and prints a table (run it with `make bench`; see README, "Benchmark").
`bench.screenshots` takes the README's pictures (`make screenshots`)."""
