package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// reloadDebounce lets an editor finish a save (write, rename, chmod) before
// the file is read, so one save is one reload.
const reloadDebounce = 150 * time.Millisecond

// watchKB reloads the engine's base when the file at path changes, and on
// SIGHUP; for a folder, it reloads each file that changes, adds the
// incident of a file added and drops that of a file removed (watchFolder).
// It watches the file's folder rather than the file, so that an editor's
// write-to-temp-and-rename and a Kubernetes ConfigMap's symlink swap
// (which replace the file rather than write to it) are both seen.
func watchKB(ctx context.Context, path string, engine *bot.Engine, log *slog.Logger) error {
	file := filepath.Base(path)
	return watch(ctx, filepath.Dir(path), path, log,
		func(name string) bool { return name == file },
		func(context.Context, []string) { reload(ctx, engine) })
}

// watch calls apply with the paths of the files of dir that match and
// changed, once their changes settle, and with nil (every file) when the
// ..data symlink a ConfigMap swaps changes and on SIGHUP. what is the
// file or folder watched, for the log.
func watch(ctx context.Context, dir, what string, log *slog.Logger, match func(name string) bool, apply func(ctx context.Context, changed []string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching the knowledge file: %w", err)
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return fmt.Errorf("watching the knowledge file's folder: %w", err)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// Said once both the folder watch and SIGHUP are in place, so that a
	// change or a signal from then on is seen: tests wait for it before
	// they act.
	log.Info("watching the knowledge file", "path", what)

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	changed := map[string]bool{}
	all := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-w.Events:
			// Only the knowledge files, or the ..data symlink a ConfigMap
			// swaps, count: other files in the folder (a gaps file, an
			// editor's swap file) must not cost a reload.
			name := filepath.Base(ev.Name)
			if !match(name) && name != "..data" || ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
				// Said so that a test can tell "ignored" from "not seen yet".
				log.Debug("knowledge watch: change ignored", "file", ev.Name, "op", ev.Op.String())
				continue
			}
			if name == "..data" {
				all = true
			} else {
				changed[filepath.Join(dir, name)] = true
			}
			timer.Reset(reloadDebounce)
		case err := <-w.Errors:
			log.Warn("watching the knowledge file", "err", err)
		case <-timer.C:
			var paths []string
			if !all {
				paths = slices.Sorted(maps.Keys(changed))
			}
			apply(ctx, paths)
			clear(changed)
			all = false
		case <-hup:
			log.Info("SIGHUP: reloading the knowledge file")
			apply(ctx, nil)
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

// folder is a knowledge folder being served: which file each loaded
// incident came from, kept in step with the folder by sync.
type folder struct {
	dir    string
	engine *bot.Engine
	log    *slog.Logger
	snaps  *knowledge.Snapshots
	mu     sync.Mutex        // one sync at a time
	ids    map[string]string // incident id by file path
}

// newFolder is the folder dir, whose files bases were loaded from, its
// files loaded through snaps.
func newFolder(dir string, engine *bot.Engine, log *slog.Logger, snaps *knowledge.Snapshots, bases []*knowledge.Base) *folder {
	f := &folder{dir: dir, engine: engine, log: log, snaps: snaps, ids: map[string]string{}}
	for _, b := range bases {
		f.ids[b.Name] = b.Incident.ID
	}
	return f
}

// watchFolder keeps the engine in step with the folder: a file changed is
// reloaded alone, a file added is loaded as a new incident, and the
// incident of a file removed is dropped. Each file's problems are kept
// for /kb status: a reload's by its incident, a new file's by the engine.
func watchFolder(ctx context.Context, f *folder) error {
	return watch(ctx, f.dir, f.dir, f.log, isKnowledgeFile, func(ctx context.Context, changed []string) {
		go f.sync(ctx, changed)
	})
}

// sync brings the engine in step with the files changed (their paths; nil
// for every file, known or new).
func (f *folder) sync(ctx context.Context, changed []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if changed == nil {
		seen := map[string]bool{}
		for path := range f.ids {
			seen[path] = true
		}
		files, _ := knowledgeFiles(f.dir) // none is every known file removed
		for _, path := range files {
			seen[path] = true
		}
		changed = slices.Sorted(maps.Keys(seen))
	}
	for _, path := range changed {
		if ctx.Err() != nil {
			return
		}
		id, known := f.ids[path]
		_, statErr := os.Stat(path)
		switch {
		case statErr != nil && known:
			if !f.engine.Drop(id) {
				f.log.Warn("the folder's last knowledge file is gone; its incident goes on answering", "file", path, "incident", id)
				continue
			}
			delete(f.ids, path)
			f.engine.SetProblem(path, nil)
		case statErr != nil:
			f.engine.SetProblem(path, nil)
		case known:
			// A refusal is the engine's to log and keep for /kb status.
			_ = f.engine.ReloadIncident(ctx, id)
		default:
			b, err := loadFile(path, f.snaps)
			if err == nil {
				err = f.engine.Put(b, fileLoader(path, f.snaps))
			}
			f.engine.SetProblem(path, err)
			if err != nil {
				f.log.Error("knowledge file not loaded", "file", path, "err", err)
				continue
			}
			f.ids[path] = b.Incident.ID
			releaseMemory()
		}
	}
}
