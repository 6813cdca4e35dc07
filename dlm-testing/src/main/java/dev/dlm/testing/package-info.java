/**
 * Test support shared by every module: deterministic data generated from a seed, so large test
 * files are never committed and every run sees the same bytes.
 */
package dev.dlm.testing;
