package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/internal/platform"
)

// The HTTP endpoint's own JSON: decoding and encoding through discordgo's
// types cost more than the answer itself (a component click carries the
// whole clicked message, which discordgo decodes, and each component
// marshals itself and is then re-scanned). These do the same work for the
// parts this app reads and writes, and a test holds their output
// byte-identical to encoding/json's.

// wireInteraction is what Respond reads of an interaction, decoded in one
// pass (by scanInteraction, else encoding/json); the rest (the clicked
// message, the member's roles) is skipped without being built. Its data
// holds the fields of both kinds Respond answers, a command's and a
// component's; so, unlike discordgo, it refuses an interaction with, say,
// a command's field of the wrong type in a component's data, which
// Discord never sends.
type wireInteraction struct {
	Type    discordgo.InteractionType `json:"type"`
	GuildID string                    `json:"guild_id"`
	// ChannelID is where it was asked, for INCIDENT_CHANNELS.
	ChannelID string           `json:"channel_id"`
	Locale    discordgo.Locale `json:"locale"`
	Member    *wireMember      `json:"member"`
	User      *wireUser        `json:"user"`
	Data      *wireData        `json:"data"`
}

type wireMember struct {
	User        *wireUser   `json:"user"`
	Permissions permissions `json:"permissions"`
}

// permissions is a member's permission bits, which Discord writes as a
// string of decimal digits. Only that form is read ("8", not "-1", "08"
// or "+8"): encoding/json's ",string" read "-1" as every permission
// there is, where the fast decoder left it.
type permissions int64

func (p *permissions) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	n, ok := canonicalPermissions(b)
	if !ok {
		return fmt.Errorf("permissions %.30s: want a string of decimal digits", b)
	}
	*p = permissions(n)
	return nil
}

// canonicalPermissions reads permission bits written as Discord writes
// them, a quoted run of up to 18 decimal digits without a leading zero,
// from the JSON string q, quotes included.
func canonicalPermissions(q []byte) (int64, bool) {
	if len(q) < 3 || q[0] != '"' || q[len(q)-1] != '"' {
		return 0, false
	}
	v := q[1 : len(q)-1]
	if len(v) > 18 || (len(v) > 1 && v[0] == '0') {
		return 0, false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// The objects the decoders read may not repeat a key (in any letter
// case, as encoding/json matches them): encoding/json would take the last
// value and the fast decoder none, so the same signed body could read as
// two interactions. Discord never repeats one.

func (w *wireInteraction) UnmarshalJSON(b []byte) error {
	type plain wireInteraction
	return unmarshalUnique(b, (*plain)(w))
}

func (m *wireMember) UnmarshalJSON(b []byte) error {
	type plain wireMember
	return unmarshalUnique(b, (*plain)(m))
}

func (u *wireUser) UnmarshalJSON(b []byte) error {
	type plain wireUser
	return unmarshalUnique(b, (*plain)(u))
}

func (d *wireData) UnmarshalJSON(b []byte) error {
	type plain wireData
	if err := unmarshalUnique(b, (*plain)(d)); err != nil {
		return err
	}
	var opts struct {
		Options []json.RawMessage `json:"options"`
	}
	if err := json.Unmarshal(b, &opts); err != nil {
		return err
	}
	return uniqueOptions(opts.Options)
}

// uniqueOptions checks the options of a command, and theirs, for
// repeated keys.
func uniqueOptions(opts []json.RawMessage) error {
	for _, o := range opts {
		if string(o) == "null" {
			continue
		}
		var sub struct {
			Options []json.RawMessage `json:"options"`
		}
		if err := unmarshalUnique(o, &sub); err != nil {
			return err
		}
		if err := uniqueOptions(sub.Options); err != nil {
			return err
		}
	}
	return nil
}

// unmarshalUnique decodes the object b into v unless it repeats a key.
func unmarshalUnique(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return json.Unmarshal(b, v) // not an object: encoding/json says what is wrong
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		for _, k := range keys {
			if strings.EqualFold(k, key) {
				return fmt.Errorf("key %.30q repeated", key)
			}
		}
		keys = append(keys, key)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return json.Unmarshal(b, v)
}

// wireData is the data of a command, an autocomplete or a component.
type wireData struct {
	// A command's, or an autocomplete's.
	Name        string                                               `json:"name"`
	CommandType discordgo.ApplicationCommandType                     `json:"type"`
	Options     []*discordgo.ApplicationCommandInteractionDataOption `json:"options"`
	TargetID    string                                               `json:"target_id"`
	Resolved    *struct {
		Messages map[string]*struct {
			Content string `json:"content"`
		} `json:"messages"`
	} `json:"resolved"`
	// A component's.
	CustomID      string                  `json:"custom_id"`
	ComponentType discordgo.ComponentType `json:"component_type"`
	Values        []string                `json:"values"`
}

type wireUser struct {
	ID string `json:"id"`
}

// decodeInteraction decodes an interaction's body as far as Respond
// reads it, into discordgo's types.
func decodeInteraction(body []byte) (*discordgo.Interaction, error) {
	var w wireInteraction
	if !scanInteraction(body, &w) {
		w = wireInteraction{}
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, err
		}
	}
	i := &discordgo.Interaction{Type: w.Type, GuildID: w.GuildID, ChannelID: w.ChannelID, Locale: w.Locale}
	if w.Member != nil {
		i.Member = &discordgo.Member{Permissions: int64(w.Member.Permissions)}
		if w.Member.User != nil {
			i.Member.User = &discordgo.User{ID: w.Member.User.ID}
		}
	}
	if w.User != nil {
		i.User = &discordgo.User{ID: w.User.ID}
	}
	d := w.Data
	if d == nil {
		d = &wireData{}
	}
	switch w.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		cd := discordgo.ApplicationCommandInteractionData{Name: d.Name, CommandType: d.CommandType, Options: d.Options, TargetID: d.TargetID}
		if d.Resolved != nil && d.Resolved.Messages != nil {
			cd.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{}}
			for id, m := range d.Resolved.Messages {
				if m != nil {
					cd.Resolved.Messages[id] = &discordgo.Message{Content: m.Content}
				}
			}
		}
		i.Data = cd
	case discordgo.InteractionMessageComponent:
		i.Data = discordgo.MessageComponentInteractionData{CustomID: d.CustomID, ComponentType: d.ComponentType, Values: d.Values}
	}
	return i, nil
}

// appendEncoded appends resp as JSON for the client, which reads it as
// JSON, never as HTML: the bytes json.Encoder writes with
// SetEscapeHTML(false), newline included. Inside components, which
// discordgo marshals with json.Marshal, <, > and & are escaped as
// json.Marshal does.
func appendEncoded(b []byte, resp *discordgo.InteractionResponse) ([]byte, error) {
	if out, ok := appendResponse(b, resp); ok {
		return append(out, '\n'), nil
	}
	// A shape appendResponse does not know: encoding/json, which knows all.
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		return nil, fmt.Errorf("encoding discord response: %w", err)
	}
	return append(b[:0:0], out.Bytes()...), nil
}

// buffers holds the buffers responses are encoded into, so that each
// response does not allocate and clear its own.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled bounds the buffers kept: a rare huge response is not held.
const maxPooled = 64 << 10

// write encodes resp and writes it to w. A response that cannot be
// encoded writes nothing, and its error is platform.ErrUnsent: the caller's
// apology takes its place.
func write(w http.ResponseWriter, resp *discordgo.InteractionResponse) error {
	buf := buffers.Get().(*[]byte)
	out, err := appendEncoded((*buf)[:0], resp)
	if err != nil {
		buffers.Put(buf)
		return fmt.Errorf("%w: %w", platform.ErrUnsent, err)
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(out)
	if cap(out) <= maxPooled {
		*buf = out[:0]
		buffers.Put(buf)
	}
	if err != nil {
		return fmt.Errorf("writing discord response: %w", err)
	}
	return nil
}

// appendResponse appends resp as encoding/json would, and reports false,
// having appended something incomplete, for any field or type it does not
// write: the caller then falls back to encoding/json.
func appendResponse(b []byte, resp *discordgo.InteractionResponse) ([]byte, bool) {
	b = append(b, '{')
	comma := false
	if resp.Type != 0 {
		b = strconv.AppendInt(append(b, `"type":`...), int64(resp.Type), 10)
		comma = true
	}
	if d := resp.Data; d != nil {
		if comma {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendData(append(b, `"data":`...), d); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

func appendData(b []byte, d *discordgo.InteractionResponseData) ([]byte, bool) {
	if d.Attachments != nil || d.Poll != nil {
		return b, false
	}
	b = strconv.AppendBool(append(b, `{"tts":`...), d.TTS)
	b = appendString(append(b, `,"content":`...), d.Content, false)
	b, ok := appendList(append(b, `,"components":`...), d.Components, func(b []byte, c discordgo.MessageComponent) ([]byte, bool) {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			return b, false
		}
		return appendRow(b, row)
	})
	if !ok {
		return b, false
	}
	if b, ok = appendList(append(b, `,"embeds":`...), d.Embeds, appendEmbed); !ok {
		return b, false
	}
	if m := d.AllowedMentions; m != nil {
		b, _ = appendList(append(b, `,"allowed_mentions":{"parse":`...), m.Parse, func(b []byte, p discordgo.AllowedMentionType) ([]byte, bool) {
			return appendString(b, string(p), false), true
		})
		if len(m.Roles) > 0 {
			b, _ = appendList(append(b, `,"roles":`...), m.Roles, plainString)
		}
		if len(m.Users) > 0 {
			b, _ = appendList(append(b, `,"users":`...), m.Users, plainString)
		}
		b = strconv.AppendBool(append(b, `,"replied_user":`...), m.RepliedUser)
		b = append(b, '}')
	}
	if d.Flags != 0 {
		b = strconv.AppendInt(append(b, `,"flags":`...), int64(d.Flags), 10)
	}
	if len(d.Choices) > 0 {
		if b, ok = appendList(append(b, `,"choices":`...), d.Choices, appendChoice); !ok {
			return b, false
		}
	}
	if d.CustomID != "" {
		b = appendString(append(b, `,"custom_id":`...), d.CustomID, false)
	}
	if d.Title != "" {
		b = appendString(append(b, `,"title":`...), d.Title, false)
	}
	return append(b, '}'), true
}

// appendList appends xs as a JSON array, null if it is nil, each element
// by elem; false if elem cannot write one.
func appendList[T any](b []byte, xs []T, elem func([]byte, T) ([]byte, bool)) ([]byte, bool) {
	if xs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for n, x := range xs {
		if n > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = elem(b, x); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

func plainString(b []byte, s string) ([]byte, bool) { return appendString(b, s, false), true }

func appendChoice(b []byte, c *discordgo.ApplicationCommandOptionChoice) ([]byte, bool) {
	if c == nil || len(c.NameLocalizations) > 0 {
		return b, false
	}
	v, ok := c.Value.(string)
	if !ok {
		return b, false
	}
	b = appendString(append(b, `{"name":`...), c.Name, false)
	b = appendString(append(b, `,"value":`...), v, false)
	return append(b, '}'), true
}

func appendEmbed(b []byte, e *discordgo.MessageEmbed) ([]byte, bool) {
	if e == nil {
		return append(b, "null"...), true
	}
	if e.Image != nil || e.Thumbnail != nil || e.Video != nil || e.Provider != nil || e.Author != nil {
		return b, false
	}
	start := len(b)
	b = append(b, '{')
	field := func(name string) {
		if len(b) > start+1 {
			b = append(b, ',')
		}
		b = append(b, name...)
	}
	for _, kv := range [...]struct{ k, v string }{{`"url":`, e.URL}, {`"type":`, string(e.Type)}, {`"title":`, e.Title}, {`"description":`, e.Description}, {`"timestamp":`, e.Timestamp}} {
		if kv.v != "" {
			field(kv.k)
			b = appendString(b, kv.v, false)
		}
	}
	if e.Color != 0 {
		field(`"color":`)
		b = strconv.AppendInt(b, int64(e.Color), 10)
	}
	if f := e.Footer; f != nil {
		field(`"footer":{`)
		fs := len(b)
		for _, kv := range [...]struct{ k, v string }{{`"text":`, f.Text}, {`"icon_url":`, f.IconURL}, {`"proxy_icon_url":`, f.ProxyIconURL}} {
			if kv.v != "" {
				if len(b) > fs {
					b = append(b, ',')
				}
				b = appendString(append(b, kv.k...), kv.v, false)
			}
		}
		b = append(b, '}')
	}
	if len(e.Fields) > 0 {
		field(`"fields":`)
		b, _ = appendList(b, e.Fields, func(b []byte, f *discordgo.MessageEmbedField) ([]byte, bool) {
			if f == nil {
				return append(b, "null"...), true
			}
			b = appendString(append(b, `{"name":`...), f.Name, false)
			b = appendString(append(b, `,"value":`...), f.Value, false)
			if f.Inline {
				b = append(b, `,"inline":true`...)
			}
			return append(b, '}'), true
		})
	}
	return append(b, '}'), true
}

// appendRow appends an action row as discordgo's MarshalJSON does: its
// fields, then its type, with json.Marshal's HTML escaping.
func appendRow(b []byte, r discordgo.ActionsRow) ([]byte, bool) {
	b, ok := appendList(append(b, `{"components":`...), r.Components, func(b []byte, c discordgo.MessageComponent) ([]byte, bool) {
		switch c := c.(type) {
		case discordgo.Button:
			return appendButton(b, c)
		case discordgo.SelectMenu:
			return appendMenu(b, c)
		}
		return b, false
	})
	if !ok {
		return b, false
	}
	if r.ID != 0 {
		b = strconv.AppendInt(append(b, `,"id":`...), int64(r.ID), 10)
	}
	return append(strconv.AppendInt(append(b, `,"type":`...), int64(r.Type()), 10), '}'), true
}

func appendButton(b []byte, btn discordgo.Button) ([]byte, bool) {
	if btn.Emoji != nil {
		return b, false
	}
	if btn.Style == 0 {
		btn.Style = discordgo.PrimaryButton // as discordgo's MarshalJSON
	}
	b = appendString(append(b, `{"label":`...), btn.Label, true)
	b = strconv.AppendInt(append(b, `,"style":`...), int64(btn.Style), 10)
	b = strconv.AppendBool(append(b, `,"disabled":`...), btn.Disabled)
	for _, kv := range [...]struct{ k, v string }{{`,"url":`, btn.URL}, {`,"custom_id":`, btn.CustomID}, {`,"sku_id":`, btn.SKUID}} {
		if kv.v != "" {
			b = appendString(append(b, kv.k...), kv.v, true)
		}
	}
	if btn.ID != 0 {
		b = strconv.AppendInt(append(b, `,"id":`...), int64(btn.ID), 10)
	}
	return append(strconv.AppendInt(append(b, `,"type":`...), int64(btn.Type()), 10), '}'), true
}

// openObject opens an object with a string field left out when empty
// (omitempty) and then a string field always written: the way a menu and
// its options begin.
func openObject(b []byte, optionalKey, optional, key, value string) []byte {
	b = append(b, '{')
	if optional != "" {
		b = appendString(append(b, optionalKey...), optional, true)
		b = append(b, ',')
	}
	return appendString(append(b, key...), value, true)
}

func appendMenu(b []byte, m discordgo.SelectMenu) ([]byte, bool) {
	if m.MinValues != nil || len(m.DefaultValues) > 0 || len(m.ChannelTypes) > 0 {
		return b, false
	}
	b = openObject(b, `"custom_id":`, m.CustomID, `"placeholder":`, m.Placeholder)
	if m.MaxValues != 0 {
		b = strconv.AppendInt(append(b, `,"max_values":`...), int64(m.MaxValues), 10)
	}
	if len(m.Options) > 0 {
		var ok bool
		b, ok = appendList(append(b, `,"options":`...), m.Options, func(b []byte, o discordgo.SelectMenuOption) ([]byte, bool) {
			if o.Emoji != nil {
				return b, false
			}
			b = openObject(b, `"label":`, o.Label, `"value":`, o.Value)
			b = appendString(append(b, `,"description":`...), o.Description, true)
			b = strconv.AppendBool(append(b, `,"default":`...), o.Default)
			return append(b, '}'), true
		})
		if !ok {
			return b, false
		}
	}
	b = strconv.AppendBool(append(b, `,"disabled":`...), m.Disabled)
	if m.ID != 0 {
		b = strconv.AppendInt(append(b, `,"id":`...), int64(m.ID), 10)
	}
	return append(strconv.AppendInt(append(b, `,"type":`...), int64(m.Type()), 10), '}'), true
}

const hexDigits = "0123456789abcdef"

// jsonSafe and htmlSafe are the bytes a JSON string holds as they are,
// all ASCII: without and with json.Marshal's escaping of <, > and &.
var jsonSafe, htmlSafe = func() (plain, html [256]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		plain[c] = c != '"' && c != '\\'
		html[c] = plain[c] && c != '<' && c != '>' && c != '&'
	}
	return plain, html
}()

// appendString appends s as a JSON string exactly as encoding/json does,
// escaping <, > and & too when html is set (json.Marshal's default).
func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	safe := &jsonSafe
	if html {
		safe = &htmlSafe
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if safe[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		// U+2000 to U+203F (dashes, quotation marks, the ellipsis), which
		// the bot writes often, are kept without decoding, but for the
		// two that encoding/json escapes.
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&0xC0 == 0x80 && s[i+2] != 0xA8 && s[i+2] != 0xA9 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
