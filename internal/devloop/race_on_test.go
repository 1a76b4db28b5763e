//go:build race

package devloop

// raceEnabled is true under the race detector, which makes each rebuild
// many times slower: long-running tests do fewer rounds.
const raceEnabled = true
