// Package wire is the binary encoding of a base's snapshot (see
// knowledge/snapshot.go): unsigned varints, raw bytes, and strings as
// numbers in a table written after everything else, so that identical
// strings are stored, read and kept once. The table's short strings are
// read as parts of strings of about 64 KiB, not one allocation each (a
// million and more of them at 100,000 entries) nor parts of one string of
// the whole table: a string that outlives its base (an id in a reload's
// changes, a metric's label) keeps 64 KiB alive, not every string of the
// base. It imports nothing of the project.
package wire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"math"
)

// Writer encodes onto a stream. Its first error sticks: the calls after it
// do nothing, and Err returns it.
type Writer struct {
	w     *bufio.Writer
	err   error
	buf   [binary.MaxVarintLen64]byte
	ids   map[string]uint64 // each string's number in table
	table []string
}

// NewWriter encodes onto w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 1<<16), ids: map[string]uint64{}}
}

// Uint writes u.
func (w *Writer) Uint(u uint64) {
	if w.err == nil {
		_, w.err = w.w.Write(w.buf[:binary.PutUvarint(w.buf[:], u)])
	}
}

// Int writes i.
func (w *Writer) Int(i int64) {
	if w.err == nil {
		_, w.err = w.w.Write(w.buf[:binary.PutVarint(w.buf[:], i)])
	}
}

// Bool writes b.
func (w *Writer) Bool(b bool) {
	if b {
		w.Uint(1)
	} else {
		w.Uint(0)
	}
}

// Bytes writes b's length and b.
func (w *Writer) Bytes(b []byte) {
	w.Uint(uint64(len(b)))
	if w.err == nil {
		_, w.err = w.w.Write(b)
	}
}

// Float32s writes fs's length and each as four bytes.
func (w *Writer) Float32s(fs []float32) {
	w.Uint(uint64(len(fs)))
	for _, f := range fs {
		if w.err != nil {
			return
		}
		binary.LittleEndian.PutUint32(w.buf[:4], math.Float32bits(f))
		_, w.err = w.w.Write(w.buf[:4])
	}
}

// String writes s's number in the table, adding s there the first time.
func (w *Writer) String(s string) {
	id, ok := w.ids[s]
	if !ok {
		id = uint64(len(w.table))
		w.table = append(w.table, s)
		w.ids[s] = id
	}
	w.Uint(id)
}

// Flush writes out what is buffered.
func (w *Writer) Flush() error {
	if w.err == nil {
		w.err = w.w.Flush()
	}
	return w.err
}

// Table writes the string table, which ReadTable reads, and flushes.
func (w *Writer) Table() error {
	w.Uint(uint64(len(w.table)))
	for _, s := range w.table {
		w.Uint(uint64(len(s)))
		if w.err == nil {
			_, w.err = w.w.WriteString(s)
		}
	}
	return w.Flush()
}

// Err is the first error of a write.
func (w *Writer) Err() error { return w.err }

// ErrMalformed is the error of a read past the data or of a value out of
// range.
var ErrMalformed = errors.New("malformed snapshot")

// ReadTable reads the string table Writer.Table wrote, which must be all
// of data.
func ReadTable(data []byte) ([]string, error) {
	r := NewReader(data, nil)
	table := make([]string, r.Len(1))
	var block string // data[at:], as much as tableBlock of it
	at := 0
	for i := range table {
		n := r.Len(1)
		from := len(data) - len(r.data)
		switch {
		case n > tableBlock/16:
			table[i] = string(r.data[:n])
		case from+n > at+len(block) || block == "":
			at, block = from, string(data[from:min(from+tableBlock, len(data))])
			fallthrough
		default:
			table[i] = block[from-at : from-at+n]
		}
		r.data = r.data[n:]
	}
	return table, r.Done()
}

// tableBlock is the size of the strings ReadTable reads short strings as
// parts of.
const tableBlock = 64 << 10

// Reader decodes data whose strings are in table. Its first error sticks:
// the calls after it return zero values, and Err returns it. Nothing it
// returns points past data or table, whatever they hold.
type Reader struct {
	data  []byte
	table []string
	err   error
}

// NewReader decodes data, its strings in table.
func NewReader(data []byte, table []string) *Reader { return &Reader{data: data, table: table} }

// Fail makes the read fail, for a value its caller finds out of range.
func (r *Reader) Fail() { r.err = ErrMalformed; r.data = nil }

// Uint reads an unsigned varint.
func (r *Reader) Uint() uint64 {
	u, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.data = r.data[n:]
	return u
}

// Int reads a signed varint.
func (r *Reader) Int() int64 {
	i, n := binary.Varint(r.data)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.data = r.data[n:]
	return i
}

// Bool reads a bool.
func (r *Reader) Bool() bool {
	switch r.Uint() {
	case 0:
		return false
	case 1:
		return true
	}
	r.Fail()
	return false
}

// Len reads a count of items that take at least size bytes each, and
// fails if the rest of the data could not hold them: a damaged count must
// not make the caller allocate without bound.
func (r *Reader) Len(size int) int {
	n := r.Uint()
	if n > uint64(len(r.data)/size) {
		r.Fail()
		return 0
	}
	return int(n)
}

// Bytes reads bytes Writer.Bytes wrote. They share data's memory; the
// caller must not write to them.
func (r *Reader) Bytes() []byte {
	n := r.Len(1)
	b := r.data[:n:n]
	r.data = r.data[n:]
	return b
}

// Float32s reads what Writer.Float32s wrote.
func (r *Reader) Float32s() []float32 {
	n := r.Len(4)
	fs := make([]float32, n)
	for i := range fs {
		fs[i] = math.Float32frombits(binary.LittleEndian.Uint32(r.data[4*i:]))
	}
	r.data = r.data[4*n:]
	return fs
}

// String reads a string of the table.
func (r *Reader) String() string {
	id := r.Uint()
	if id >= uint64(len(r.table)) {
		r.Fail()
		return ""
	}
	return r.table[id]
}

// Err is the first error of a read.
func (r *Reader) Err() error { return r.err }

// Done is Err, or ErrMalformed if data is left over.
func (r *Reader) Done() error {
	if r.err == nil && len(r.data) > 0 {
		r.Fail()
	}
	return r.err
}
