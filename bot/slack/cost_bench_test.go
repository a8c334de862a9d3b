//go:build unix

package slack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/internal/benchcost"
)

// BenchmarkHandlerCost runs whole slash commands through the HTTP
// handler (signature and age check, form parsing, the engine's answer on
// the default base, Block Kit rendering, encoding), as Discord's
// BenchmarkHandlerCost does interactions. Beside each it times a bare
// check of the same signature, and it reports the medians of both
// (handler-µs, verify-µs) and the process's CPU time per request, GC
// included (cpu-µs; the bare check, a microsecond or two, is in it).
// Requests are signed outside the timed part, as signing is Slack's work.
func BenchmarkHandlerCost(b *testing.B) {
	for _, c := range []struct{ name, command, text string }{
		{"who-said-Peskov", "/who-said", "Peskov"},
		{"timeline", "/timeline", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			bt, _ := testBot(b, Config{})
			h := bt.Routes()["POST /slack/commands"]
			type signedReq struct {
				r    *http.Request
				body []byte
			}
			var inHandler, inVerify []float64
			b.ReportAllocs()
			cpu := benchcost.Loop(b, func() signedReq {
				body := commandForm(c.command, c.text).Encode()
				r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				sign(r, testSecret, time.Now(), body)
				return signedReq{r, []byte(body)}
			}, func(s signedReq) {
				w := httptest.NewRecorder()
				t0 := time.Now()
				sv, err := slackapi.NewSecretsVerifier(s.r.Header, testSecret)
				if err == nil {
					sv.Write(s.body)
					err = sv.Ensure()
				}
				t1 := time.Now()
				h.ServeHTTP(w, s.r)
				t2 := time.Now()
				if err != nil || w.Code != http.StatusOK {
					b.Fatalf("verify %v, status %d: %s", err, w.Code, w.Body)
				}
				inVerify, inHandler = append(inVerify, float64(t1.Sub(t0))/1e3), append(inHandler, float64(t2.Sub(t1))/1e3)
			})
			b.ReportMetric(benchcost.Median(inHandler), "handler-µs")
			b.ReportMetric(benchcost.Median(inVerify), "verify-µs")
			b.ReportMetric(float64(cpu)/1e3, "cpu-µs")
		})
	}
}
