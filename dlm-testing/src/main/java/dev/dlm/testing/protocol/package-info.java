/**
 * Test support for calling a {@link dev.dlm.spi.Protocol} directly: {@link
 * dev.dlm.testing.protocol.ProtocolKit} reads ranges and checks failures the same way for every
 * protocol module.
 */
package dev.dlm.testing.protocol;
