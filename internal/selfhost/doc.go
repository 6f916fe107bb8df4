// Package selfhost holds the tests of what a self-hosted install uses
// beyond the program: the systemd unit and the Caddyfile under deploy/,
// and the commands the README gives for backups, moving between SQLite
// and AWS, and self-hosting.
package selfhost
