// href-counter: counts the links on a web page, after the seeds' multi-stage example.
// Serves GET /count?url=<page> and GET /healthz. Standard library only, so it builds offline.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"time"
)

var hrefPattern = regexp.MustCompile(`(?i)<a\s[^>]*href\s*=\s*["']([^"']+)["']`)

type result struct {
	URL      string `json:"url"`
	Internal int    `json:"internal"`
	External int    `json:"external"`
}

func countLinks(page string, body string) result {
	r := result{URL: page}
	for _, match := range hrefPattern.FindAllStringSubmatch(body, -1) {
		if len(match[1]) > 4 && match[1][:4] == "http" {
			r.External++
		} else {
			r.Internal++
		}
	}
	return r
}

func main() {
	client := &http.Client{Timeout: 10 * time.Second}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("/count", func(w http.ResponseWriter, req *http.Request) {
		page := req.URL.Query().Get("url")
		resp, err := client.Get(page)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(countLinks(page, string(body)))
	})
	addr := ":" + getenv("PORT", "8080")
	log.Printf("href-counter listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
