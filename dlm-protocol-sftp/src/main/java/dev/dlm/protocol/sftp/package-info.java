/**
 * SFTP downloads through the Apache MINA SSHD client, plugged in as a {@link dev.dlm.spi.Protocol}.
 *
 * <p>{@link dev.dlm.protocol.sftp.SftpProtocol} probes with stat and reads ranges with pipelined
 * requests ({@code PipelinedRead}, through {@code PipelinedSftpClient}) over pooled sessions
 * ({@code SftpPool}). {@code HostKeyCheck} enforces known_hosts,
 * {@code KeyIdentities} loads the user's keys, {@code SftpTree} expands directories, and {@code
 * SftpFailures} turns SSH and SFTP statuses into {@link dev.dlm.spi.ErrorKind}s.
 */
package dev.dlm.protocol.sftp;
