package io.sessionstream.benchmarks;

/** One JMH benchmark: average nanoseconds per operation and JMH's error margin (99.9 %). */
record MicroResult(String benchmark, double nsPerOp, double errorNs) {
}
