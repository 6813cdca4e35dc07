/**
 * FTP and FTPS downloads through Apache Commons Net, plugged in as a {@link dev.dlm.spi.Protocol}.
 *
 * <p>{@link dev.dlm.protocol.ftp.FtpProtocol} probes with SIZE and MDTM and opens ranges with REST
 * + RETR over pooled control connections ({@code FtpPool}); {@code FtpTree} expands directories
 * into manifests. Reply codes become {@link dev.dlm.spi.ErrorKind}s in {@code FtpFailures}, so the
 * engine never reads an FTP reply.
 */
package dev.dlm.protocol.ftp;
