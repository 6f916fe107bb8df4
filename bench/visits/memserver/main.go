// Command memserver is the baseline of the visits benchmark: the same
// request and answer as POST /api/visits, counted in memory only, with
// nothing durable.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"log"
	"net"
	"net/http"
	"sync"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "address to listen on")
	flag.Parse()
	var (
		mu       sync.Mutex
		views    int64
		visitors = map[string]bool{}
		salt     = []byte("benchmark-salt-benchmark-salt-32")
	)
	http.HandleFunc("POST /api/visits", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Path, Referrer string }
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&body); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		m := hmac.New(sha256.New, salt)
		m.Write([]byte(host + "\x00" + r.UserAgent()))
		id := string(m.Sum(nil)[:16])
		mu.Lock()
		views++
		visitors[id] = true
		out := map[string]int64{"visitors": int64(len(visitors)), "views": views}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
