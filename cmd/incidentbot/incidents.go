package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/knowledge"
)

// isFolder reports whether the knowledge path names a folder of
// incidents rather than one file.
func isFolder(path string) bool {
	if path == "" {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// isKnowledgeFile reports whether a folder's entry named name is one of
// its knowledge files: a *.yaml that is not hidden (a Kubernetes
// ConfigMap's volume holds its files' real copies in hidden folders).
func isKnowledgeFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") && !strings.HasPrefix(name, ".")
}

// knowledgeFiles lists the knowledge files of the folder dir, by name.
func knowledgeFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the knowledge folder: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !isKnowledgeFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		// A ConfigMap's files are links into its hidden folders.
		if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
			out = append(out, path)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: the folder holds no knowledge file (*.yaml): put one file an incident in it (see docs/incidents.md)", dir)
	}
	return out, nil
}

// loadBases loads the knowledge base at path: the embedded one for "",
// the file, or every file of the folder. Each of a folder's files must
// load, and their incident ids must be unique; every problem is reported
// at once. Loads go through snaps (nil for none).
func loadBases(path string, snaps *knowledge.Snapshots) ([]*knowledge.Base, error) {
	if !isFolder(path) {
		b, err := loadBase(path, snaps)
		if err != nil {
			return nil, err
		}
		return []*knowledge.Base{b}, nil
	}
	files, err := knowledgeFiles(path)
	if err != nil {
		return nil, err
	}
	var bases []*knowledge.Base
	var errs []error
	byID := map[string]string{}
	for _, f := range files {
		b, err := loadFile(f, snaps)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := byID[b.Incident.ID]; dup {
			errs = append(errs, duplicateID(f, b.Incident.ID, other))
			continue
		}
		byID[b.Incident.ID] = f
		bases = append(bases, b)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return bases, nil
}

// loadFile loads one knowledge file of a folder, collecting as loadBase
// does.
func loadFile(path string, snaps *knowledge.Snapshots) (*knowledge.Base, error) {
	defer collectOften()()
	return snaps.LoadFile(path)
}

// duplicateID is the problem of a file whose incident.id another file of
// the folder has.
func duplicateID(file, id, other string) error {
	return fmt.Errorf("%s: incident.id %q is also the id of %s: each file of a folder is one incident, with an id of its own", file, id, other)
}

// pickIncident is the base of the incident id among bases, or the only
// one when id is "". What names the incident (--incident, KB_INCIDENT) is
// the caller's to say in from.
func pickIncident(bases []*knowledge.Base, id, from string) (*knowledge.Base, error) {
	if id == "" && len(bases) == 1 {
		return bases[0], nil
	}
	for _, b := range bases {
		if b.Incident.ID == id {
			return b, nil
		}
	}
	if id == "" {
		return nil, exit.Usagef("the folder holds %d incidents (%s): name one with %s", len(bases), incidentIDs(bases), from)
	}
	return nil, exit.Usagef("%s %s: no such incident; the incidents are %s", from, id, incidentIDs(bases))
}

// incidentIDs lists the bases' incident ids, for messages.
func incidentIDs(bases []*knowledge.Base) string {
	ids := make([]string, len(bases))
	for i, b := range bases {
		ids[i] = b.Incident.ID
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}

// fileLoader reads the incident's file at path again (unchanged, it is
// not parsed: see knowledge.ReloadFile), through snaps.
func fileLoader(path string, snaps *knowledge.Snapshots) bot.Loader {
	return func(current *knowledge.Base) (*knowledge.Base, error) {
		defer collectOften()()
		return snaps.ReloadFile(path, current)
	}
}

// channelMap is INCIDENT_CHANNELS read: which incident answers in which
// channel, server or workspace.
type channelMap map[string]string

// parseChannels reads INCIDENT_CHANNELS: channel_or_server_id=incident_id
// pairs, comma separated. Spaces around either side are dropped; an
// empty setting maps nothing. A place mapped twice is a mistake, even to
// the same incident.
func parseChannels(s string) (channelMap, error) {
	m := channelMap{}
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	for i, pair := range strings.Split(s, ",") {
		place, id, ok := strings.Cut(pair, "=")
		place, id = strings.TrimSpace(place), strings.TrimSpace(id)
		if !ok || place == "" || id == "" || strings.ContainsAny(place+id, "= \t") {
			return nil, fmt.Errorf("INCIDENT_CHANNELS: pair %d, %q, is not channel_or_server_id=incident_id (pairs are separated by commas)", i+1, strings.TrimSpace(pair))
		}
		if _, dup := m[place]; dup {
			return nil, fmt.Errorf("INCIDENT_CHANNELS: %s is mapped twice; map each channel or server once", place)
		}
		m[place] = id
	}
	return m, nil
}

// checkIncidents stops serve when a setting names an incident that is not
// loaded: a channel would otherwise answer from another one than meant.
func checkIncidents(channels channelMap, fallback string, bases []*knowledge.Base) error {
	ids := map[string]bool{}
	for _, b := range bases {
		ids[b.Incident.ID] = true
	}
	var bad []string
	for _, place := range slices.Sorted(maps.Keys(channels)) {
		if id := channels[place]; !ids[id] {
			bad = append(bad, fmt.Sprintf("INCIDENT_CHANNELS maps %s to %s", place, id))
		}
	}
	if fallback != "" && !ids[fallback] {
		bad = append(bad, "DEFAULT_INCIDENT is "+fallback)
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s, but no such incident is loaded; the incidents are %s", strings.Join(bad, "; "), incidentIDs(bases))
	}
	return nil
}
