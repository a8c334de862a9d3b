package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/incidentbot/incidentbot/knowledge/internal/index"
	"github.com/incidentbot/incidentbot/knowledge/internal/wire"
)

// A snapshot is a loaded base as it is in memory, written to a file so
// that a restart, or another replica, finds the same knowledge file ready
// at once instead of parsing, validating and indexing it again: the
// decoded file, its passages and whom they quote, and the index's posting
// lists and norms. What can be worked out again cheaply is not stored
// (the lookups of baseOf, the index's term dictionary and term fields:
// index.derive). A snapshot is written only of a file that loaded without
// problems, and is named and keyed by the SHA-256 of that file's bytes, so
// the same bytes would validate the same again.
//
// A snapshot is never trusted blindly: it is used only when its format,
// the binary that wrote it (the SHA-256 of the executable: another build
// may tokenise, split passages or lay out the index otherwise), the
// file's hash it names and its own checksum all match, and when every
// count and place in it is in range; otherwise the base is built from the
// file and the snapshot written again. It is written to a temporary file
// and renamed into place, so that a reader, another replica sharing the
// directory, sees a whole file or none.
//
// The layout:
//
//	snapshotMagic
//	uvarint snapshotFormat
//	32 bytes: the binary's id (binaryID)
//	32 bytes: the SHA-256 of the knowledge file
//	body: the File, the passages, whom they quote, the index (wire)
//	the string table (wire.Writer.Table)
//	trailer: the body's and the table's length, 8 bytes each, little
//	endian; the SHA-256 of everything before it
const (
	snapshotMagic  = "incidentbot snapshot\n"
	snapshotFormat = 1
	snapshotExt    = ".snapshot"
	tempPrefix     = ".snapshot-"
	headerSize     = len(snapshotMagic) + 1 + 2*sha256.Size
	trailerSize    = 16 + sha256.Size
)

// An edited file leaves its old snapshot behind, which nothing reads
// again: a reload replaces it (Snapshots.keep), and a start removes the
// snapshots no process has read or written for maxSnapshotAge, and the
// temporary files of writes stopped halfway (a snapshot is written in
// seconds, so one older than staleTempAge is no write in progress).
const (
	maxSnapshotAge = 7 * 24 * time.Hour
	staleTempAge   = time.Hour
)

// Snapshots keeps snapshots of loaded bases in a directory. A nil
// *Snapshots keeps none: its loads build every base from its file.
type Snapshots struct {
	dir string
	log *slog.Logger

	mu sync.Mutex
	// used is the snapshot each file was last loaded through, by name.
	used map[string]string
}

// NewSnapshots keeps snapshots in dir, which it creates if need be; ""
// returns nil, which keeps none.
func NewSnapshots(log *slog.Logger, dir string) (*Snapshots, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("making the snapshot directory: %w", err)
	}
	// The executable is hashed while the knowledge file is read.
	go binaryID()
	s := &Snapshots{dir: dir, log: log, used: map[string]string{}}
	s.sweep(time.Now())
	return s, nil
}

// sweep removes the snapshots last read or written before now minus
// maxSnapshotAge, and temporary files older than staleTempAge. Another
// replica's snapshot in use is read at its start and so is never that
// old; at worst a replica running for longer starts again from its file.
func (s *Snapshots) sweep(now time.Time) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		s.log.Warn("snapshot directory not read; old snapshots kept", "dir", s.dir, "err", err)
		return
	}
	removed := 0
	for _, e := range entries {
		var age time.Duration
		switch name := e.Name(); {
		case filepath.Ext(name) == snapshotExt && len(name) == 2*sha256.Size+len(snapshotExt):
			age = maxSnapshotAge
		case strings.HasPrefix(name, tempPrefix):
			age = staleTempAge
		default:
			continue // not ours
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < age {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("old knowledge base snapshot not removed", "file", e.Name(), "err", err)
			continue
		}
		removed++
	}
	if removed > 0 {
		s.log.Info("old knowledge base snapshots removed", "dir", s.dir, "removed", removed)
	}
}

// keep records that the file name was loaded through the snapshot at
// path, and marks it used now. The snapshot the file was loaded through
// before, the file's earlier version, is removed unless another file
// (one of the same bytes) was loaded through it too.
func (s *Snapshots) keep(name, path string) {
	now := time.Now()
	// A zero access time leaves it as it is.
	if err := os.Chtimes(path, time.Time{}, now); err != nil {
		s.log.Warn("knowledge base snapshot not marked as used", "snapshot", path, "err", err)
	}
	s.mu.Lock()
	old := s.used[name]
	s.used[name] = path
	shared := slices.Contains(slices.Collect(maps.Values(s.used)), old)
	s.mu.Unlock()
	if old == "" || old == path || shared {
		return
	}
	if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("old knowledge base snapshot not removed", "file", name, "snapshot", old, "err", err)
		return
	}
	s.log.Info("old knowledge base snapshot removed", "file", name, "snapshot", old)
}

// LoadFile is LoadFile through the snapshots (see Load).
func (s *Snapshots) LoadFile(path string) (*Base, error) {
	name, data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return s.Load(name, data)
}

// Load is Load through the snapshots: data is read from its snapshot if
// it has a good one, else built and its snapshot written.
func (s *Snapshots) Load(name string, data []byte) (*Base, error) {
	return s.load(name, data, sha256.Sum256(data))
}

// load is load through the snapshots.
func (s *Snapshots) load(name string, data []byte, sum [sha256.Size]byte) (*Base, error) {
	if s == nil {
		return load(name, data, sum)
	}
	path := filepath.Join(s.dir, snapshotName(sum))
	start := time.Now()
	b, err := readSnapshot(path, name, sum)
	switch {
	case err == nil:
		s.log.Info("knowledge base read from its snapshot", "file", name, "snapshot", path, "took", time.Since(start))
		s.keep(name, path)
		return b, nil
	case errors.Is(err, fs.ErrNotExist):
		s.log.Info("knowledge base has no snapshot yet; building it", "file", name, "snapshot", path)
	default:
		s.log.Warn("knowledge base snapshot not used; building the base again", "file", name, "snapshot", path, "err", err)
	}
	if b, err = load(name, data, sum); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := writeSnapshot(s.dir, path, b); err != nil {
		s.log.Warn("knowledge base snapshot not written", "file", name, "snapshot", path, "err", err)
	} else {
		s.log.Info("knowledge base snapshot written", "file", name, "snapshot", path, "took", time.Since(start))
		s.keep(name, path)
	}
	return b, nil
}

// snapshotName is the name of the snapshot of a file whose bytes' SHA-256
// is sum.
func snapshotName(sum [sha256.Size]byte) string { return hex.EncodeToString(sum[:]) + snapshotExt }

// binaryID names the build of this program: the SHA-256 of its
// executable, or, if that cannot be read, of its build information.
var binaryID = sync.OnceValue(func() [sha256.Size]byte {
	h := sha256.New()
	io.WriteString(h, runtime.Version())
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, err = io.Copy(h, f)
			f.Close()
			if err == nil {
				return [sha256.Size]byte(h.Sum(nil))
			}
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		io.WriteString(h, bi.String())
	}
	return [sha256.Size]byte(h.Sum(nil))
})

// counter counts the bytes written through it.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeSnapshot writes b's snapshot to path, through a temporary file in
// dir renamed into place.
func writeSnapshot(dir, path string, b *Base) (err error) {
	tmp, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	c := &counter{w: io.MultiWriter(tmp, h)}
	id := binaryID()
	header := append([]byte(snapshotMagic), snapshotFormat)
	header = append(append(header, id[:]...), b.sum[:]...)
	if _, err := c.Write(header); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	w := wire.NewWriter(c)
	if err := encodeBase(w, b); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	body := c.n - int64(headerSize)
	if err := w.Table(); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	var trailer [trailerSize]byte
	binary.LittleEndian.PutUint64(trailer[:8], uint64(body))
	binary.LittleEndian.PutUint64(trailer[8:16], uint64(c.n-int64(headerSize)-body))
	h.Write(trailer[:16])
	h.Sum(trailer[:16])
	if _, err := tmp.Write(trailer[:]); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing a snapshot: %w", err)
	}
	return nil
}

// readSnapshot reads the base of the file name, whose bytes' SHA-256 is
// sum, from the snapshot at path.
func readSnapshot(path, name string, sum [sha256.Size]byte) (*Base, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decodeSnapshot(data, name, sum)
}

// decodeSnapshot is readSnapshot of the snapshot's bytes.
func decodeSnapshot(data []byte, name string, sum [sha256.Size]byte) (*Base, error) {
	if len(data) < headerSize+trailerSize || !bytes.HasPrefix(data, []byte(snapshotMagic)) {
		return nil, errors.New("not a snapshot, or cut short")
	}
	head := data[len(snapshotMagic):headerSize]
	if head[0] != snapshotFormat {
		return nil, fmt.Errorf("snapshot format %d, this binary reads %d", head[0], snapshotFormat)
	}
	if id := binaryID(); !bytes.Equal(head[1:1+sha256.Size], id[:]) {
		return nil, errors.New("snapshot written by another build of incidentbot")
	}
	if !bytes.Equal(head[1+sha256.Size:], sum[:]) {
		return nil, errors.New("snapshot of another knowledge file")
	}
	trailer := data[len(data)-trailerSize:]
	body, table := binary.LittleEndian.Uint64(trailer[:8]), binary.LittleEndian.Uint64(trailer[8:16])
	if rest := uint64(len(data) - headerSize - trailerSize); body > rest || table != rest-body {
		return nil, errors.New("snapshot cut short or run on")
	}
	// The checksum is worked out while the snapshot is decoded, and the
	// base is used only if it matches: decoding is safe on any bytes
	// (FuzzSnapshotBody), and a start on a busy machine gets its share of
	// the cores by the thread.
	checked := make(chan bool, 1)
	go func() {
		got := sha256.Sum256(data[:len(data)-sha256.Size])
		checked <- bytes.Equal(got[:], trailer[16:])
	}()
	b, err := decodeParts(data[headerSize:], int(body), name, sum)
	if !<-checked {
		return nil, errors.New("snapshot checksum does not match: damaged")
	}
	return b, err
}

// decodeParts decodes the body, of length body, and the string table
// after it in data.
func decodeParts(data []byte, body int, name string, sum [sha256.Size]byte) (*Base, error) {
	strs, err := wire.ReadTable(data[body : len(data)-trailerSize])
	if err != nil {
		return nil, fmt.Errorf("reading the snapshot's strings: %w", err)
	}
	b, err := decodeBase(wire.NewReader(data[:body], strs), name, sum)
	if err != nil {
		return nil, fmt.Errorf("reading the snapshot: %w", err)
	}
	return b, nil
}

// encodeBase writes what decodeBase reads.
func encodeBase(w *wire.Writer, b *Base) error {
	if err := encodeValue(w, reflect.ValueOf(&b.File).Elem()); err != nil {
		return err
	}
	if err := encodeValue(w, reflect.ValueOf(&b.passages).Elem()); err != nil {
		return err
	}
	for _, p := range b.passages {
		q, ok := b.quoting[p]
		if !ok {
			w.Uint(0)
			continue
		}
		w.Uint(uint64(len(q)) + 1)
		for _, id := range q {
			w.String(id)
		}
	}
	return b.index.Encode(w)
}

// decodeBase reads a base of the file name from r.
func decodeBase(r *wire.Reader, name string, sum [sha256.Size]byte) (*Base, error) {
	var f File
	decodeValue(r, reflect.ValueOf(&f).Elem(), 0)
	var ps []Passage
	decodeValue(r, reflect.ValueOf(&ps).Elem(), 0)
	quoting := map[Passage][]string{}
	for _, p := range ps {
		n := r.Len(1)
		if n == 0 {
			continue
		}
		q := make([]string, n-1)
		for i := range q {
			q[i] = r.String()
		}
		quoting[p] = q
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	// The index is read and checked while the lookups are worked out: the
	// two take about as long, and a start on a busy machine gets its
	// share of the cores by the thread.
	var idx *index.Index
	var g errgroup.Group
	g.Go(func() error {
		i, err := index.Decode(r)
		idx = i
		if err != nil {
			return err
		}
		return r.Done()
	})
	b := baseOf(name, sum, &f)
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for k, n := range [index.NumKinds]int{len(f.Events), len(f.Quotes), len(f.Claims), len(f.People), len(ps)} {
		if idx.DocsOf(k) != n {
			return nil, fmt.Errorf("%d %s indexed of %d: %w", idx.DocsOf(k), kindNames[k], n, wire.ErrMalformed)
		}
	}
	b.passages, b.quoting, b.index = ps, quoting, idx
	return b, nil
}

// encodeValue writes a value of the knowledge file's model, field by
// field, by reflection: a field added to the model is stored with no
// change here. Slices and pointers say whether they are nil, so that the
// base read back is the one built, to reflect.DeepEqual.
func encodeValue(w *wire.Writer, v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		w.String(v.String())
	case reflect.Int:
		w.Int(v.Int())
	case reflect.Bool:
		w.Bool(v.Bool())
	case reflect.Pointer:
		if v.IsNil() {
			w.Uint(0)
			return nil
		}
		w.Uint(1)
		return encodeValue(w, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			w.Uint(0)
			return nil
		}
		w.Uint(uint64(v.Len()) + 1)
		for i := range v.Len() {
			if err := encodeValue(w, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				return fmt.Errorf("a snapshot cannot hold the unexported field %s.%s", t, t.Field(i).Name)
			}
			if err := encodeValue(w, v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("a snapshot cannot hold a %s", v.Type())
	}
	return w.Err()
}

// maxPointers bounds the pointers followed in one value (a date's end is
// one); a deeper chain is a damaged snapshot.
const maxPointers = 4

// decodeValue reads into v what encodeValue wrote; a mistake is r's
// error.
func decodeValue(r *wire.Reader, v reflect.Value, pointers int) {
	if r.Err() != nil {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(r.String())
	case reflect.Int:
		v.SetInt(r.Int())
	case reflect.Bool:
		v.SetBool(r.Bool())
	case reflect.Pointer:
		if !r.Bool() {
			return
		}
		if pointers == maxPointers {
			r.Fail()
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		decodeValue(r, v.Elem(), pointers+1)
	case reflect.Slice:
		n := r.Len(1)
		if n == 0 {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
		for i := range n - 1 {
			decodeValue(r, v.Index(i), pointers)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			decodeValue(r, v.Field(i), pointers)
		}
	default:
		r.Fail()
	}
}
