package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// reference is resp as encoding/json writes it, the bytes encode must
// reproduce.
func reference(t testing.TB, resp *discordgo.InteractionResponse) []byte {
	t.Helper()
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// checkEncode fails t unless encode writes resp as encoding/json does,
// by its own code when fast is set, else by falling back.
func checkEncode(t *testing.T, what string, resp *discordgo.InteractionResponse, fast bool) {
	t.Helper()
	if _, ok := appendResponse(nil, resp); ok != fast {
		t.Errorf("%s: appendResponse wrote it: %v; want %v", what, ok, fast)
	}
	got, err := encode(resp)
	if err != nil {
		t.Fatalf("%s: encode: %v", what, err)
	}
	if want := reference(t, resp); !bytes.Equal(got, want) {
		t.Errorf("%s: encode wrote\n%s\nencoding/json writes\n%s", what, got, want)
	}
}

// hostile is text with everything JSON escapes: quotes, backslashes,
// control characters, HTML's <, > and &, invalid UTF-8 and U+2028/9.
const hostile = "a\"b\\c\b\f\n\r\t\x00\x1f\x7f <script>&amp; \xff\xfe ok \u2028\u2029 é “”"

// TestEncodeMatchesEncodingJSON: the HTTP endpoint's encoder writes the
// same bytes as encoding/json, for every answer the app gives and for
// hostile text in every field, and falls back to encoding/json for shapes
// it does not write.
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	b := testBot(t, Config{})
	ctx := context.Background()
	for _, body := range [][]byte{
		slashJSON("timeline", nil),
		slashJSON("who-said", map[string]string{"query": "Peskov"}),
		slashJSON("who-said", map[string]string{"query": hostile}),
		slashJSON("ask", map[string]string{"question": "who carried out the attack?"}),
		slashJSON("claims", nil),
		slashJSON("sources", nil),
		slashJSON("help", nil),
		slashJSON("frobnicate", nil),
		messageCommandJSON("The US was behind the drone attack on the Kremlin, Peskov says"),
		autocompleteJSON("pes"),
		autocompleteJSON(""),
		buttonJSON("e:2.1:claims"),
		buttonJSON("s:1.1:who-said Peskov"),
		buttonJSON("nonsense"),
		selectJSON(detailsID, "event/peskov-briefing"),
		selectJSON(detailsID, "claim/us-involvement"),
		selectJSON(detailsID, "quote/no-such-quote"),
		[]byte(`{"type":1}`),
	} {
		i, err := decodeInteraction(body)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		checkEncode(t, string(body), b.Respond(ctx, i), true)
	}
	for _, typ := range []discordgo.InteractionType{discordgo.InteractionPing, discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete} {
		checkEncode(t, "apology", apology(typ), true)
	}

	every := &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{
		TTS: true, Content: hostile, Flags: 64, CustomID: hostile, Title: hostile,
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{ID: 9, Components: []discordgo.MessageComponent{
				discordgo.Button{Label: hostile, CustomID: hostile, URL: hostile, SKUID: hostile, ID: 3, Disabled: true},
				discordgo.Button{Label: "", Style: discordgo.DangerButton},
			}},
			discordgo.ActionsRow{},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
				CustomID: hostile, Placeholder: hostile, MaxValues: 2, ID: 4, Disabled: true,
				Options: []discordgo.SelectMenuOption{{Label: hostile, Value: hostile, Description: hostile, Default: true}, {Value: ""}},
			}}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{MenuType: discordgo.UserSelectMenu}}},
		},
		Embeds: []*discordgo.MessageEmbed{
			{URL: hostile, Type: "rich", Title: hostile, Description: hostile, Timestamp: hostile, Color: -5,
				Footer: &discordgo.MessageEmbedFooter{Text: hostile, IconURL: hostile, ProxyIconURL: hostile},
				Fields: []*discordgo.MessageEmbedField{{Name: hostile, Value: hostile, Inline: true}, nil, {}}},
			{Footer: &discordgo.MessageEmbedFooter{IconURL: "x"}},
			{},
			nil,
		},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{"users", hostile}, Roles: []string{hostile}, Users: []string{"1"}, RepliedUser: true},
		Choices:         []*discordgo.ApplicationCommandOptionChoice{{Name: hostile, Value: hostile}},
	}}
	checkEncode(t, "every field", every, true)
	checkEncode(t, "no data", &discordgo.InteractionResponse{}, true)
	checkEncode(t, "nil slices", &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{AllowedMentions: &discordgo.MessageAllowedMentions{}}}, true)

	// Shapes appendResponse leaves to encoding/json.
	min := 1
	for name, d := range map[string]*discordgo.InteractionResponseData{
		"embed image":     {Embeds: []*discordgo.MessageEmbed{{Image: &discordgo.MessageEmbedImage{URL: "u"}}}},
		"embed author":    {Embeds: []*discordgo.MessageEmbed{{Author: &discordgo.MessageEmbedAuthor{Name: "n"}}}},
		"text input":      {Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "t"}}}}},
		"bare button":     {Components: []discordgo.MessageComponent{discordgo.Button{Label: "b"}}},
		"button emoji":    {Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "x"}}}}}},
		"menu min values": {Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{MinValues: &min}}}}},
		"option emoji":    {Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{Options: []discordgo.SelectMenuOption{{Emoji: &discordgo.ComponentEmoji{ID: "1"}}}}}}}},
		"number choice":   {Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "n", Value: 1.5}}},
		"attachments":     {Attachments: &[]*discordgo.MessageAttachment{}},
		"nil choice":      {Choices: []*discordgo.ApplicationCommandOptionChoice{nil}},
	} {
		checkEncode(t, name, &discordgo.InteractionResponse{Type: 4, Data: d}, false)
	}
}

// FuzzEncode puts arbitrary text in every string field of a response:
// encode must write what encoding/json writes.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"", hostile, "plain", "\u2028", "\xed\xa0\x80", "<@&1>", "a — “b” …\u2029c", "\xe2\x80", "\xe2\x80\xa8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		resp := &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{
			Content: s, CustomID: s, Title: s,
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: s, CustomID: s, URL: s},
				discordgo.SelectMenu{CustomID: s, Placeholder: s, Options: []discordgo.SelectMenuOption{{Label: s, Value: s, Description: s}}},
			}}},
			Embeds: []*discordgo.MessageEmbed{{Title: s, Description: s, URL: s, Footer: &discordgo.MessageEmbedFooter{Text: s},
				Fields: []*discordgo.MessageEmbedField{{Name: s, Value: s}}}},
			AllowedMentions: noMentions(),
			Choices:         []*discordgo.ApplicationCommandOptionChoice{{Name: s, Value: s}},
		}}
		got, err := encode(resp)
		if err != nil {
			t.Fatal(err)
		}
		if want := reference(t, resp); !bytes.Equal(got, want) {
			t.Errorf("encode(%q) =\n%s\nencoding/json:\n%s", s, got, want)
		}
	})
}

// FuzzDecodeInteraction: decodeInteraction never panics, and whatever
// both it and discordgo decode, they read the same: every field Respond
// looks at. (It may refuse what discordgo takes: a field of the other
// kind's data, of the wrong type.)
func FuzzDecodeInteraction(f *testing.F) {
	for _, body := range append(discordBodies(), messageCommandJSON("the US did it"), []byte(`{"type":1}`),
		[]byte(`{"type":2,"member":{"permissions":"32","user":{"id":"1"}},"user":{"id":"2"},"guild_id":"3","locale":"ru","data":{"name":"ask","options":[{"name":"question","type":3,"value":7}]}}`),
		[]byte(`{"type":3,"data":null}`),
		[]byte(`{"type":2}`),
		[]byte(`{"type":2,"data":{"type":3,"target_id":"9","resolved":{"messages":{"9":{"content":"x"},"8":null}}}}`),
		[]byte(`{"type":3,"message":{"embeds":[{"title":"x"}]},"data":{"custom_id":"d:details","component_type":3,"values":["a"]}}`),
		[]byte(`{"TYPE":5,"data":{"custom_id":"m","components":[]}}`),
		[]byte(`[]`),
	) {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := decodeInteraction(body)
		var want discordgo.Interaction
		if err != nil || json.Unmarshal(body, &want) != nil {
			return
		}
		if g, w := readView(got), readView(&want); g != w {
			t.Errorf("%s:\ndecodeInteraction reads %s\ndiscordgo reads         %s", body, g, w)
		}
	})
}

// readView is what Respond reads of an interaction, as text.
func readView(i *discordgo.Interaction) string {
	v := fmt.Sprintf("type %d guild %q locale %q users %q", i.Type, i.GuildID, i.Locale, ids(i))
	if i.Member != nil {
		v += fmt.Sprintf(" permissions %d", i.Member.Permissions)
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		d, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		line, private := commandLine(d)
		opts, _ := json.Marshal(d.Options)
		v += fmt.Sprintf(" command %q type %d line %q private %v options %s", d.Name, d.CommandType, line, private, opts)
	case discordgo.InteractionMessageComponent:
		d, _ := i.Data.(discordgo.MessageComponentInteractionData)
		v += fmt.Sprintf(" component %q type %d values %q", d.CustomID, d.ComponentType, d.Values)
	}
	return v
}

// ids are the user IDs an interaction names, as Respond may read them.
func ids(i *discordgo.Interaction) [2]string {
	var out [2]string
	if i.Member != nil && i.Member.User != nil {
		out[0] = i.Member.User.ID
	}
	if i.User != nil {
		out[1] = i.User.ID
	}
	return out
}

// FuzzScanInteraction: whatever scanInteraction decodes, json.Unmarshal
// decodes to the same values; what it leaves, encoding/json decodes.
func FuzzScanInteraction(f *testing.F) {
	for _, body := range append(discordBodies(), messageCommandJSON("the US did it"), []byte(`{"type":1}`),
		[]byte(` { "type" : 2 , "member" : { "permissions" : "32" , "user" : { "id" : "1" , "x" : [1,{"a":"}"}] } } , "user" : null , "data" : { "name" : "ask" , "options" : [ { "name" : "question" , "type" : 3 , "value" : "é" , "focused" : true } , null ] , "values" : [ ] } } `),
		[]byte(`{"type":2,"Type":3}`),
		[]byte(`{"type":2,"type":3}`),
		[]byte(`{"type":2,"guild_id":"a\"b"}`),
		[]byte(`{"type":256}`),
		[]byte(`{"type":2,"member":{"permissions":"007"}}`),
		[]byte(`{"type":2,"member":{"permiſsions":"7"}}`),
		[]byte(`{"type":3,"data":{"values":null,"options":null,"custom_id":"x","component_type":2}}`),
		// Invalid JSON, which it must refuse, in what it reads and in
		// what it skips.
		[]byte(`{"type":2 "guild_id":"1"}`),
		[]byte(`{"type":02}`),
		[]byte(`{"type":2,"guild_id":"a`+"\t"+`b"}`),
		[]byte(`{"type":2}x`),
		[]byte(`{"type":2,"x":[1,2,]}`),
		[]byte(`{"type":2,"x":{"a" 1}}`),
		[]byte(`{"type":2,"x":"\q"}`),
		[]byte(`{"type":2,"x":"\u12g4"}`),
		[]byte(`{"type":2,"x":-}`),
		[]byte(`{"type":2,"x":1.}`),
		[]byte(`{"type":2,"x":1e}`),
		[]byte(`{"type":2,"x":tru}`),
		[]byte(`{"type":2,"x":{"a":[{"b":"\u00e9\n"},-0.5e+3,true,false,null]}}`),
	) {
		f.Add(body)
	}
	for _, body := range ambiguousBodies {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var got, want wireInteraction
		if !scanInteraction(body, &got) {
			return
		}
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatalf("%s: scanInteraction decoded it, json.Unmarshal: %v", body, err)
		}
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Errorf("%s:\nscanInteraction %s\njson.Unmarshal  %s", body, g, w)
		}
	})
}

// discordBodies are interactions as Discord sends them for slash
// commands, autocompletes, buttons and menus.
func discordBodies() [][]byte {
	return [][]byte{
		slashJSON("who-said", map[string]string{"query": "Peskov"}),
		slashJSON("timeline", nil),
		autocompleteJSON("pe"),
		buttonJSON("e:2.1:claims"),
		selectJSON(detailsID, "event/peskov-briefing"),
	}
}

// TestScanTakesDiscordBodies: the interactions Discord sends for slash
// commands, autocompletes, buttons and menus take the fast path.
func TestScanTakesDiscordBodies(t *testing.T) {
	for _, body := range discordBodies() {
		var w wireInteraction
		if !scanInteraction(body, &w) {
			t.Errorf("scanInteraction(%s) left it to encoding/json", body)
		}
	}
}

// encode is appendEncoded into a new slice.
func encode(resp *discordgo.InteractionResponse) ([]byte, error) { return appendEncoded(nil, resp) }
