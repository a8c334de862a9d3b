package knowledge

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
)

// ReloadFile loads the knowledge file at path again, unless its bytes are
// the very ones current was built from: then it returns current itself,
// without parsing anything. A watched folder sees many events that leave
// the file as it was (a touch, a ConfigMap resync, an editor's save of an
// unchanged buffer), and at 100,000 entries a needless load costs seconds
// and hundreds of megabytes.
func ReloadFile(path string, current *Base) (*Base, error) {
	return (*Snapshots)(nil).ReloadFile(path, current)
}

// ReloadFile is ReloadFile through the snapshots: a file that changed is
// read from its snapshot if it has one (a file put back as it was), else
// built and its snapshot written.
func (s *Snapshots) ReloadFile(path string, current *Base) (*Base, error) {
	name, data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if current != nil && current.sum == sum {
		return current, nil
	}
	return s.load(name, data, sum)
}

// ReadFile reads the knowledge file at path for Load, and returns the name
// to give Load, which its messages call the file by: the path as given, so
// that "path:line:col" is the file the user meant and opens in an editor
// at the place. Every command names a file this way.
func ReadFile(path string) (name string, data []byte, err error) {
	if data, err = readFile(path); err != nil {
		return "", nil, err
	}
	return path, data, nil
}

// readFile reads a knowledge file, and one byte past the size bound so
// that an oversized file is refused without reading all of it. Into a
// buffer of the file's size: one grown as it read took a 64 MiB file to a
// 254 MiB peak. A file too large to load in the memory left under the
// limit, at the least a load costs a byte, is not read at all.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening knowledge file: %w", err)
	}
	defer f.Close()
	size := int64(0)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = min(fi.Size(), MaxFileSize)
	}
	if limit, inUse, ok := memoryLimit(); ok && inUse+size*piecesCost.perByte > limit {
		return nil, fmt.Errorf("knowledge file of %d MiB: loading it would take at least %d MiB, more than the %d MiB left of the memory limit of %d MiB (GOMEMLIMIT, or the container's); split the file, or raise the limit",
			size>>20, size*piecesCost.perByte>>20, max(limit-inUse, 0)>>20, limit>>20)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, fmt.Errorf("reading knowledge file: %w", err)
	}
	return buf.Bytes(), nil
}
