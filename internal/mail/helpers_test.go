package mail_test

import (
	"net"
	"sync"
	"testing"
)

// listenSilent accepts connections and never answers. It returns the port
// and a channel that receives once per connection accepted.
func listenSilent(t *testing.T) (int, <-chan struct{}) {
	return listenWriting(t, "")
}

// listenWriting accepts connections, writes greeting to each and then
// says nothing more. It returns the port and a channel that receives once
// per connection accepted.
func listenWriting(t *testing.T, greeting string) (int, <-chan struct{}) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan struct{}, 100)
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			if greeting != "" {
				c.Write([]byte(greeting))
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case accepted <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port, accepted
}
