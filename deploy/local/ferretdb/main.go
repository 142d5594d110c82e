// Command hr-ferretdb runs FerretDB v1 (SQLite backend) through its embeddable package, so that
// the local stack gets a MongoDB-wire server from the Go module proxy alone. The embedded mode keeps
// telemetry off (the package disables and locks it), and its version check does not apply to
// modules other than FerretDB's own, unlike `go install .../cmd/ferretdb`, which panics at start.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "", "directory of the SQLite databases (required)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchStdin := flag.Bool("exit-on-stdin-eof", false, "stop when standard input closes (the parent died)")
	// NORMAL in WAL mode: a commit is durable once the WAL is synced at a checkpoint, not at every
	// commit, so a killed process loses nothing but a power loss may lose the last commits (README).
	synchronous := flag.String("synchronous", "normal", "SQLite synchronous pragma: normal or full")
	// A second listener, TLS only (tests of the services' MONGODB_TLS_* settings); off by default.
	tls := ferretdb.ListenerConfig{}
	flag.StringVar(&tls.TLS, "listen-tls", "", "TCP address of a TLS listener (off when empty)")
	flag.StringVar(&tls.TLSCertFile, "listen-tls-cert-file", "", "the TLS listener's certificate (PEM)")
	flag.StringVar(&tls.TLSKeyFile, "listen-tls-key-file", "", "the TLS listener's private key (PEM)")
	flag.StringVar(&tls.TLSCAFile, "listen-tls-ca-file", "", "CA (PEM) that clients' certificates must chain to (optional)")
	flag.Parse()

	tls.TCP = *listen
	if err := run(tls, *dataDir, *logLevel, *synchronous, *watchStdin); err != nil {
		fmt.Fprintln(os.Stderr, "hr-ferretdb:", err)
		os.Exit(1)
	}
}

func run(listener ferretdb.ListenerConfig, dataDir, logLevel, synchronous string, watchStdin bool) error {
	if dataDir == "" {
		return fmt.Errorf("-data-dir is required")
	}
	if synchronous != "normal" && synchronous != "full" {
		return fmt.Errorf("-synchronous: %q is neither normal nor full", synchronous)
	}
	if listener.TLS != "" && (listener.TLSCertFile == "" || listener.TLSKeyFile == "") {
		return fmt.Errorf("-listen-tls needs -listen-tls-cert-file and -listen-tls-key-file")
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return err
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: listener,
		Logger:   logger,
		Handler:  "sqlite",
		// FerretDB adds its own defaults after these (busy_timeout, journal_mode(wal), auto_vacuum):
		// internal/backends/sqlite/metadata/pool/uri.go.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(" + synchronous + ")",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	// MongoDBURI blocks until the listener is bound, so this line means "ready".
	fmt.Fprintln(os.Stderr, "hr-ferretdb: listening on", f.MongoDBURI())
	<-done
	return nil
}
