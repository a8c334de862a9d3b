package knowledge

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
)

// The YAML library builds a node of about 160 bytes for every value it
// reads, and the model a struct for every list item, so the bytes of a
// file say little about what loading it costs: 1 MB of lines "-" is half a
// million nodes, and took a 128 MiB pod down. Before any tree is built, a
// pass over the bytes (shapeOf) counts what the library would make, and a
// file is refused, with a line, when that is out of proportion to its size
// or would not fit in the memory the process has left.

// minNodeBytes is the fewest bytes a node may take on average, as
// shapeOf counts them. An entry of a knowledge file is a mapping of named
// fields with text in them: the default base and the benchmark base take
// 16 to 17 bytes a node, where a file of "-" lines or a flow list
// "[1,1,…]" takes one.
const minNodeBytes = 4

// freeNodes is how many nodes any file may have whatever its size, so that
// a small file is never refused for its density.
const freeNodes = 1 << 14

// maxKeyBytes bounds a mapping key: the format's keys are short words, and
// a long one would be quoted back in every message about it.
const maxKeyBytes = 64

// cost is what a load is expected to take, per node as shapeOf counts them
// and per byte of the file, as measured on the real binary (peak resident
// during a reload or a kb validate, less the resident before it), rounded
// up. Parsed whole, every node's tree is held at once (the 13 MB
// benchmark base: 203 MB, a 1 MB file of "-" lines: 166 MB); in pieces
// only a few pieces' trees are, and what remains is the model and its
// index (the 13 MB base: 120 MB).
type cost struct{ perNode, perByte int64 }

var (
	wholeCost  = cost{perNode: 280, perByte: 2}
	piecesCost = cost{perNode: 64, perByte: 7}
)

// of is the cost of a file of size bytes and nodes nodes.
func (c cost) of(nodes, size int) int64 { return int64(nodes)*c.perNode + int64(size)*c.perByte }

// bound records a problem and is false when data is out of proportion:
// more nodes than its size allows, or a key longer than any the format has.
func (d *decoder) bound(data []byte) (shape, bool) {
	limit := max(freeNodes, len(data)/minNodeBytes)
	s := shapeOf(data, limit)
	if s.longKey > 0 {
		d.problems = append(d.problems, Problem{File: d.file, Line: s.longKey, Column: 1,
			Msg: fmt.Sprintf("a key longer than %d bytes; the keys of a knowledge file are short words (id, text, citations, ...)", maxKeyBytes)})
	}
	if s.over > 0 {
		d.problems = append(d.problems, Problem{File: d.file, Line: s.over, Column: 1,
			Msg: fmt.Sprintf("too many values for the file's size: more than %d in %d bytes by this line, where a knowledge file has at most one in %d bytes "+
				"(a long run of empty list items \"-\", or a long flow list [1,1,...]?); refused before building it", limit, len(data), minNodeBytes)})
	}
	return s, len(d.problems) == 0
}

// fits records a problem and is false when loading data, of shape s, at
// cost c would take more memory than the process has left under its limit.
func (d *decoder) fits(data []byte, s shape, c cost) bool {
	limit, inUse, ok := memoryLimit()
	need := c.of(s.nodes, len(data))
	if !ok || inUse+need <= limit {
		return true
	}
	p := Problem{File: d.file, Msg: fmt.Sprintf("loading this file would take about %d MiB, more than the %d MiB left of the memory limit of %d MiB (GOMEMLIMIT, or the container's); "+
		"refused before building it: split the file, or raise the limit", need>>20, max(limit-inUse, 0)>>20, limit>>20)}
	// The line from which the file no longer fits, when its nodes rather
	// than its bytes are what does not.
	if spare := limit - inUse - int64(len(data))*c.perByte; spare > 0 {
		if over := shapeOf(data, int(spare/c.perNode)).over; over > 0 {
			p.Line, p.Column = over, 1
		}
	}
	d.problems = append(d.problems, p)
	return false
}

// memoryLimit is the memory the process may use, the Go runtime's limit
// (GOMEMLIMIT) or, below it, most of the container's (cgroup v2
// memory.max), and what the live heap holds now. ok is false when neither
// is set.
func memoryLimit() (limit, inUse int64, ok bool) {
	limit = debug.SetMemoryLimit(-1)
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			limit = min(limit, n/8*7) // the rest for the binary, stacks and the collector's slack
		}
	}
	if limit == math.MaxInt64 {
		return 0, 0, false
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		inUse = int64(sample[0].Value.Uint64())
	}
	return limit, inUse, true
}

// shape is what shapeOf finds in a file's bytes.
type shape struct {
	// nodes is at least the number of nodes the YAML library builds for
	// the file: it counts every place a node may start, and some that are
	// not. over is the line at which nodes passed the limit shapeOf was
	// given, 0 when it did not.
	nodes, over int
	// longKey is the line of the first key longer than maxKeyBytes.
	longKey int
}

// shapeOf counts the nodes the YAML library would build for data, without
// building them, and stops at the line where they pass limit. A node
// is the file's root, or starts after a list item's "-", a key's ":" or
// "?", a document's "---", or at a flow collection's "[", "{" and ",". Quoted texts,
// comments and block texts ("|", ">") are skipped, since what is inside
// them starts no node. Each place counts two, which covers the empty value
// a "-" or ":" may stand for as well as the collection it may open.
// FuzzShapeOf holds the count at or above the library's.
func shapeOf(data []byte, limit int) shape {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		// UTF-16, which the library reads and this pass does not: every
		// byte may be a node, as in the densest file.
		s := shape{nodes: 2 + len(data)}
		if s.nodes > limit {
			s.over = 1
		}
		return s
	}
	s := shape{nodes: 2} // the document and its root
	var (
		quote       byte // the quotation mark of a quoted text that runs on past a line
		flow        int  // depth of flow collections open
		blockIndent = -1 // while a block text's lines run: the indentation they must exceed
		line        int
	)
	for len(data) > 0 && s.nodes <= limit {
		line++
		// A line ends at "\n", "\r\n" or a lone "\r", as in YAML.
		end := bytes.IndexAny(data, "\r\n")
		if end < 0 {
			end = len(data)
		}
		l := data[:end]
		next := end + 1
		if end+1 < len(data) && data[end] == '\r' && data[end+1] == '\n' {
			next++
		}
		data = data[min(next, len(data)):]
		indent := 0
		for indent < len(l) && l[indent] == ' ' {
			indent++
		}
		if blockIndent >= 0 {
			if indent > blockIndent || len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			blockIndent = -1
		}
		i := 0
		if quote != 0 {
			// The mark that opened the quotation may have been plain
			// text to the library (on a plain text's next line), so the
			// line's places are counted as if it were.
			s.nodes += plainNodes(l)
			if i = closeQuote(l, 0, quote); i < 0 {
				continue
			}
			quote = 0
		}
		start := true   // a node may start here
		entry := indent // the column of the entry a block text would belong to
		text := 0       // where the plain text being read started
		for i < len(l) {
			c := l[i]
			if c == ' ' || c == '\t' || c == '\r' {
				i++
				continue
			}
			if c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t') {
				break
			}
			indicator := i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t' || l[i+1] == '\r'
			switch {
			case i == 0 && bytes.HasPrefix(l, []byte("---")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r'):
				// A document's start: its root may follow on the same line.
				s.nodes += 2
				entry = -1
				i = 3
				continue
			case start && (c == '-' || c == '?') && indicator:
				s.nodes += 2
				entry = i
				i++
				continue
			case start && (c == '"' || c == '\''):
				from := i
				i = closeQuote(l, i+1, c)
				if flow > 0 && from > 0 && l[from-1] == ':' {
					// Right after a ":" in a flow collection the mark may
					// be plain text to the library ("{0:"}]"), which then
					// reads the places the quotation would hide.
					s.nodes += plainNodes(l[from:])
				}
				if i < 0 {
					quote, i = c, len(l)
					continue
				}
				s.key(l, from, i, line)
				start = false
				continue
			case start && flow == 0 && (c == '|' || c == '>'):
				blockIndent, i = entry, len(l)
				continue
			case (c == '[' || c == '{') && (start || flow > 0):
				flow++
				s.nodes += 2
				start = true
				i++
				continue
			case flow > 0 && (c == ']' || c == '}'):
				flow--
				start = false
				i++
				continue
			case flow > 0 && c == ',':
				s.nodes += 2
				start = true
				i++
				continue
			case c == ':' && (indicator || flow > 0):
				s.nodes += 2
				start = true
				i++
				continue
			}
			if start {
				text = i
				if flow == 0 {
					entry = i
				}
			}
			// Plain text, an anchor, a tag or an alias, up to where an
			// indicator may follow it.
			j := i + 1
			for j < len(l) && l[j] != ' ' && l[j] != '\t' && !(flow > 0 && isFlowIndicator(l[j])) &&
				!(l[j] == ':' && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t' || l[j+1] == '\r' || flow > 0)) {
				j++
			}
			if j < len(l) && l[j] == ':' {
				s.key(l, text, j, line)
			}
			// After an anchor or a tag the node itself follows.
			start = start && (c == '&' || c == '!')
			i = j
		}
	}
	if s.nodes > limit {
		s.over = line
	}
	return s
}

// key notes the first key longer than maxKeyBytes: l[from:to] is a text
// (a key when a ":" follows it; it is noted either way, since a value that
// long is long only as a key).
func (s *shape) key(l []byte, from, to, line int) {
	if s.longKey != 0 || to-from <= maxKeyBytes {
		return
	}
	rest := bytes.TrimLeft(l[to:], " \t")
	if len(rest) > 0 && rest[0] == ':' {
		s.longKey = line
	}
}

// closeQuote returns the index just past the quotation mark q that closes
// a quoted text running from l[from:], or -1 when the line ends first.
// Inside double quotes a backslash escapes the next character; inside
// single quotes a doubled mark is one mark.
func closeQuote(l []byte, from int, q byte) int {
	for i := from; i < len(l); i++ {
		switch {
		case q == '"' && l[i] == '\\':
			i++
		case l[i] == q && q == '\'' && i+1 < len(l) && l[i+1] == '\'':
			i++
		case l[i] == q:
			return i + 1
		}
	}
	return -1
}

// plainNodes counts two for every place in l where a node may start, read
// as plain text: after a ":", "-" or "?" that an indicator may be, and at
// a flow collection's "[", "{" and ",".
func plainNodes(l []byte) int {
	n := 0
	for i, c := range l {
		indicator := i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t' || l[i+1] == '\r'
		if (c == ':' || c == '-' || c == '?') && indicator || c == '[' || c == '{' || c == ',' {
			n += 2
		}
	}
	return n
}

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
}
