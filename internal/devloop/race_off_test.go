//go:build !race

package devloop

const raceEnabled = false
