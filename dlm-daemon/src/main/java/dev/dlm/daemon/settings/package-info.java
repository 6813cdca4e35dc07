/**
 * The daemon's settings, each declared once ({@link dev.dlm.daemon.settings.Setting}) and read
 * alike by the config file in the home, the {@code dlm daemon} options and their help, and {@code
 * GET|PATCH /api/v1/settings}.
 */
package dev.dlm.daemon.settings;
