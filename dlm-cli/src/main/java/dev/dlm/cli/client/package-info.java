/**
 * The daemon's command-line client ({@code dlm add, ls, status, pause, resume, rm, watch}): finding
 * the daemon (flags, {@code DLM_SECRET}, the home's {@code daemon.json}), talking to its REST API
 * and WebSocket with the JDK's HTTP client, and printing the answers for people or, with {@code
 * --json}, for scripts.
 */
package dev.dlm.cli.client;
