/**
 * The REST and WebSocket control plane under {@code /api/v1}: one small resource class per concern,
 * each registering its routes through a static function that the tests reuse on a random port.
 * Errors are RFC 9457 problem documents; the contract is {@code openapi.yaml} beside this code.
 */
package dev.dlm.daemon.api;
