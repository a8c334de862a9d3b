// Package statetest runs a real redis-server on 127.0.0.1 for tests of
// the shared state: no fake stands in for the server the bot meets in
// production.
package statetest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Password is what the server asks of clients, so that tests go through
// STATE_URL's password.
const Password = "test-password"

// Server is a redis-server process the test started.
type Server struct {
	t    testing.TB
	bin  string
	port int
	dir  string
	cmd  *exec.Cmd
}

// Start starts redis-server on a free port of 127.0.0.1 and waits until it
// answers PING; the test's cleanup stops it. Without the binary the test
// is skipped, saying how to install it, except in CI (CI set), where
// .ci/run installs it and its absence is a failure.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("redis-server is not installed: .ci/run installs it (apt-get install -y redis-server)")
		}
		t.Skip("redis-server is not installed: apt-get install -y redis-server to run the shared-state tests")
	}
	s := &Server{t: t, bin: bin, dir: t.TempDir()}
	s.port = freePort(t)
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// URL is the STATE_URL of the server's database db.
func (s *Server) URL(db int) string {
	return fmt.Sprintf("redis://:%s@127.0.0.1:%d/%d", Password, s.port, db)
}

// Start starts the server again on its port after Stop, with no data.
func (s *Server) Start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--requirepass", Password, "--loglevel", "notice")
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	s.cmd.Stderr = s.cmd.Stdout
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("starting redis-server: %v", err)
	}
	// The server says when it is ready; PING then confirms it answers.
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var log []string
		for sc.Scan() {
			log = append(log, sc.Text())
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				ready <- nil
				for sc.Scan() {
				}
				return
			}
		}
		ready <- fmt.Errorf("redis-server ended before it was ready:\n%s", strings.Join(log, "\n"))
	}()
	select {
	case err := <-ready:
		if err != nil {
			s.cmd.Process.Kill()
			s.cmd.Wait()
			s.t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.t.Fatal("redis-server was not ready within 30 s")
	}
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), Password: Password, Protocol: 2, DisableIdentity: true})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		s.t.Fatalf("redis-server said it was ready but does not answer PING: %v", err)
	}
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Stop stops the server and waits for it to exit; its data is lost.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil || s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// freePort returns a port of 127.0.0.1 nothing listens on now.
func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
