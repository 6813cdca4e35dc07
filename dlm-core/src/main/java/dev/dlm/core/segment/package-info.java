/** The resume model shared by every ranged protocol: sets of byte ranges known to be durable. */
package dev.dlm.core.segment;
