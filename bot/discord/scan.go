package discord

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// scanInteraction decodes body into w as json.Unmarshal would, for the
// interactions Discord sends: keys as written, strings without escapes
// in what it reads, numbers as digits. It checks that the whole body is
// valid JSON as it goes, the values it skips too, so that no other pass
// over the body is needed. It reports false on anything else (invalid
// JSON, an escape in what it reads, a repeated or odd-cased key, a
// resolved message, a nested option), and the caller then decodes with
// encoding/json, which knows every case; a fuzz test holds the two equal.
func scanInteraction(body []byte, w *wireInteraction) bool {
	var keys [24][]byte
	s := scanner{b: body, seen: keys[:0]}
	if !s.interaction(w) {
		return false
	}
	s.ws()
	return s.i == len(s.b)
}

func (s *scanner) interaction(w *wireInteraction) bool {
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "guild_id":
			return s.string(&w.GuildID)
		case "channel_id":
			return s.string(&w.ChannelID)
		case "type":
			return s.uint8((*uint8)(&w.Type))
		case "locale":
			return s.string((*string)(&w.Locale))
		case "member":
			if s.null() {
				return true
			}
			w.Member = &wireMember{}
			return s.object(func(key []byte) bool {
				switch string(key) {
				case "user":
					return s.user(&w.Member.User)
				case "permissions":
					return s.permissions(&w.Member.Permissions)
				}
				return s.skip(key, "user", "permissions")
			})
		case "user":
			return s.user(&w.User)
		case "data":
			if s.null() {
				return true
			}
			w.Data = &wireData{}
			return s.data(w.Data)
		}
		return s.skip(key, "type", "guild_id", "channel_id", "locale", "member", "user", "data")
	})
}

type scanner struct {
	b    []byte
	i    int
	seen [][]byte // the keys of the objects being read, against repeats
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// object reads an object, calling field for each key with the reader at
// its value. A key seen twice in the object, in any case, makes it report
// false.
func (s *scanner) object(field func(key []byte) bool) bool {
	mark := len(s.seen)
	ok := s.seq('{', '}', func() bool {
		key, ok := s.raw()
		if !ok {
			return false
		}
		// Case aside, as the fallback (unmarshalUnique) refuses repeats and
		// as encoding/json matches keys to fields.
		for _, k := range s.seen[mark:] {
			if bytes.EqualFold(k, key) {
				return false
			}
		}
		s.seen = append(s.seen, key)
		return s.colon() && field(key)
	})
	s.seen = s.seen[:mark]
	return ok
}

// seq reads the items of an object or an array, between open and close
// and separated by commas.
func (s *scanner) seq(open, close byte, item func() bool) bool {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != open {
		return false
	}
	s.i++
	for first := true; ; first = false {
		s.ws()
		if s.i < len(s.b) && s.b[s.i] == close {
			s.i++
			return true
		}
		if !first {
			if s.i >= len(s.b) || s.b[s.i] != ',' {
				return false
			}
			s.i++
		}
		if !item() {
			return false
		}
	}
}

func (s *scanner) colon() bool {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return false
	}
	s.i++
	return true
}

// raw reads a string with no escapes, no control characters and valid
// UTF-8, as its bytes.
func (s *scanner) raw() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	end := bytes.IndexByte(s.b[s.i+1:], '"')
	if end < 0 {
		return nil, false
	}
	v := s.b[s.i+1 : s.i+1+end]
	if bytes.IndexByte(v, '\\') >= 0 || !utf8.Valid(v) || hasControl(v) {
		return nil, false
	}
	s.i += end + 2
	return v, true
}

func (s *scanner) string(dst *string) bool {
	v, ok := s.raw()
	*dst = string(v)
	return ok
}

// null reads a null if there is one.
func (s *scanner) null() bool {
	s.ws()
	if bytes.HasPrefix(s.b[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

func (s *scanner) digits() ([]byte, bool) {
	s.ws()
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	// A number with a fraction or an exponent is not for an integer, and
	// JSON writes no leading zero.
	if s.i == start || (s.b[start] == '0' && s.i > start+1) || (s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E')) {
		return nil, false
	}
	return s.b[start:s.i], true
}

func (s *scanner) uint8(dst *uint8) bool {
	d, ok := s.digits()
	if !ok {
		return false
	}
	n, err := strconv.ParseUint(string(d), 10, 8)
	*dst = uint8(n)
	return err == nil
}

func (s *scanner) bool(dst *bool) bool {
	s.ws()
	switch {
	case bytes.HasPrefix(s.b[s.i:], []byte("true")):
		*dst, s.i = true, s.i+4
	case bytes.HasPrefix(s.b[s.i:], []byte("false")):
		*dst, s.i = false, s.i+5
	default:
		return false
	}
	return true
}

// permissions reads permission bits as canonicalPermissions does.
func (s *scanner) permissions(dst *permissions) bool {
	start := s.i
	if _, ok := s.raw(); !ok {
		return false
	}
	n, ok := canonicalPermissions(bytes.TrimLeft(s.b[start:s.i], " \t\r\n"))
	*dst = permissions(n)
	return ok
}

func (s *scanner) user(dst **wireUser) bool {
	if s.null() {
		*dst = nil
		return true
	}
	*dst = &wireUser{}
	return s.object(func(key []byte) bool {
		if string(key) == "id" {
			return s.string(&(*dst).ID)
		}
		return s.skip(key, "id")
	})
}

func (s *scanner) data(d *wireData) bool {
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return s.string(&d.Name)
		case "type":
			return s.uint8((*uint8)(&d.CommandType))
		case "target_id":
			return s.string(&d.TargetID)
		case "custom_id":
			return s.string(&d.CustomID)
		case "component_type":
			digits, ok := s.digits()
			n, err := strconv.ParseUint(string(digits), 10, strconv.IntSize)
			d.ComponentType = discordgo.ComponentType(n)
			return ok && err == nil
		case "values":
			if s.null() {
				return true
			}
			d.Values = []string{}
			return s.seq('[', ']', func() bool {
				var v string
				ok := s.string(&v)
				d.Values = append(d.Values, v)
				return ok
			})
		case "options":
			if s.null() {
				return true
			}
			d.Options = []*discordgo.ApplicationCommandInteractionDataOption{}
			return s.seq('[', ']', func() bool {
				if s.null() {
					d.Options = append(d.Options, nil)
					return true
				}
				o := &discordgo.ApplicationCommandInteractionDataOption{}
				d.Options = append(d.Options, o)
				return s.option(o)
			})
		case "resolved":
			return false // a message command's: rare, left to encoding/json
		}
		return s.skip(key, "name", "type", "target_id", "custom_id", "component_type", "values", "options", "resolved")
	})
}

func (s *scanner) option(o *discordgo.ApplicationCommandInteractionDataOption) bool {
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "type":
			return s.uint8((*uint8)(&o.Type))
		case "name":
			return s.string(&o.Name)
		case "value":
			var v string
			ok := s.string(&v)
			o.Value = v
			return ok
		case "focused":
			return s.bool(&o.Focused)
		}
		// Nested options (subcommands) are left to encoding/json.
		return s.skip(key, "name", "type", "value", "focused", "options")
	})
}

// skip passes over the value of a key the struct does not have, checking
// that it is valid JSON, unless the key is one of known in other letter
// case, which encoding/json would match.
func (s *scanner) skip(key []byte, known ...string) bool {
	for _, k := range known {
		if bytes.EqualFold(key, []byte(k)) {
			return false
		}
	}
	return s.value()
}

// value passes over any JSON value, reporting whether it is valid.
func (s *scanner) value() bool {
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.seq('{', '}', func() bool { return s.str() && s.colon() && s.value() })
	case c == '[':
		return s.seq('[', ']', s.value)
	case c == '"':
		return s.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(s.b[s.i:], []byte(lit)) {
			s.i += len(lit)
			return true
		}
	}
	return false
}

// str passes over a string, escapes and all, as JSON allows it: no
// control characters, and only the escapes JSON has.
func (s *scanner) str() bool {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return false
	}
	for s.i++; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			s.i++
			if s.i >= len(s.b) {
				return false
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if s.i+4 >= len(s.b) {
					return false
				}
				for _, h := range s.b[s.i+1 : s.i+5] {
					if !isHex(h) {
						return false
					}
				}
				s.i += 4
			default:
				return false
			}
		}
	}
	return false
}

// number passes over a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() bool {
	if s.b[s.i] == '-' {
		s.i++
	}
	if s.i < len(s.b) && s.b[s.i] == '0' {
		s.i++
	} else if s.run() == 0 {
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.run() == 0 {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.run() == 0 {
			return false
		}
	}
	return true
}

// run passes over digits, reporting how many.
func (s *scanner) run() int {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hasControl(v []byte) bool {
	for _, c := range v {
		if c < 0x20 {
			return true
		}
	}
	return false
}
