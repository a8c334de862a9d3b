package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/incidentbot/incidentbot/bot"
)

// reloadDebounce lets an editor finish a save (write, rename, chmod) before
// the file is read, so one save is one reload.
const reloadDebounce = 150 * time.Millisecond

// watchKB reloads the engine's base when the file at path changes, and on
// SIGHUP. It watches the file's folder rather than the file, so that an
// editor's write-to-temp-and-rename and a Kubernetes ConfigMap's symlink
// swap (which replace the file rather than write to it) are both seen.
func watchKB(ctx context.Context, path string, engine *bot.Engine, log *slog.Logger) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching the knowledge file: %w", err)
	}
	defer w.Close()
	if err := w.Add(filepath.Dir(path)); err != nil {
		return fmt.Errorf("watching the knowledge file's folder: %w", err)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// Said once both the folder watch and SIGHUP are in place, so that a
	// change or a signal from then on is seen: tests wait for it before
	// they act.
	log.Info("watching the knowledge file", "path", path)

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-w.Events:
			// Only the file itself, or the ..data symlink a ConfigMap
			// swaps, counts: other files in the folder (a gaps file, an
			// editor's swap file) must not cost a reload.
			name := filepath.Base(ev.Name)
			if name != filepath.Base(path) && name != "..data" || ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
				// Said so that a test can tell "ignored" from "not seen yet".
				log.Debug("knowledge watch: change ignored", "file", ev.Name, "op", ev.Op.String())
				continue
			}
			timer.Reset(reloadDebounce)
		case err := <-w.Errors:
			log.Warn("watching the knowledge file", "err", err)
		case <-timer.C:
			reload(ctx, engine)
		case <-hup:
			log.Info("SIGHUP: reloading the knowledge file")
			reload(ctx, engine)
		}
	}
}

// reload runs a reload beside the watcher, so that a large base being
// parsed does not hold up shutdown. A refused reload is logged, counted and
// kept for /kb status by the engine, and Reload runs one at a time. The
// old base's memory goes back to the OS through serve's bot.Config.Swapped,
// for this reload and /kb reload alike.
func reload(ctx context.Context, engine *bot.Engine) {
	go func() { _ = engine.Reload(ctx) }()
}
