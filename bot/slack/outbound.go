package slack

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// DefaultResponseHosts are the hosts Slack's response_urls name
// (hooks.slack.com) and its Web API host (slack.com): the only hosts the
// bot posts to unless SLACK_RESPONSE_HOSTS says otherwise.
var DefaultResponseHosts = []string{"hooks.slack.com", "slack.com"}

// outboundClient is the default client for response_url and the Web API:
// it follows no redirect, so a response_url cannot send the post on to
// another host, and ignores proxy variables, so that the post goes where
// the URL says.
func outboundClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	return &http.Client{
		Timeout:   10 * time.Second,
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// allowedResponseURL checks a response_url from a payload before anything
// is posted to it: an https URL whose host[:port] is in hosts, or an http
// URL whose host is a loopback address listed there (a local fake in
// tests). The URL itself is never logged: it is a bearer credential.
func allowedResponseURL(raw string, hosts []string) error {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" {
		return errors.New("response_url is not a URL the bot posts to")
	}
	host := strings.ToLower(u.Host)
	if !slices.Contains(hosts, host) && !(u.Port() == "443" && slices.Contains(hosts, strings.ToLower(u.Hostname()))) {
		return fmt.Errorf("response_url names host %q, which is not in SLACK_RESPONSE_HOSTS", clipHost(u.Hostname()))
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || u.Hostname() == "localhost" {
			return nil
		}
	}
	return fmt.Errorf("response_url uses %q; want https (http only to a listed loopback host)", clipHost(u.Scheme))
}

// clipHost bounds a host name echoed into a log line.
func clipHost(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// ParseResponseHosts reads SLACK_RESPONSE_HOSTS: comma-separated
// host[:port]s, lower-cased; empty gives nil (Slack's own hosts).
func ParseResponseHosts(v string) ([]string, error) {
	var hosts []string
	for h := range strings.SplitSeq(v, ",") {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if strings.ContainsAny(h, "/@?#") {
			return nil, fmt.Errorf("SLACK_RESPONSE_HOSTS: %q is not a host[:port]", h)
		}
		if u, err := url.Parse("https://" + h); err != nil || u.Host != h {
			return nil, fmt.Errorf("SLACK_RESPONSE_HOSTS: %q is not a host[:port]", h)
		}
		hosts = append(hosts, h)
	}
	return hosts, nil
}
