package build

// gatheredSum hashes the bodies of the pages a page gathered, for its
// signature: the serial of a body's rendering changes whenever the body
// or the answer to one of its links does.
func (r *run) gatheredSum(keys []string, write func(uint64)) {
	write(uint64(len(keys)))
	for _, k := range keys {
		p := r.site.ByKey[k]
		if p == nil || r.bodies[p.Order] == nil {
			write(0)
			continue
		}
		write(r.bodies[p.Order].serial)
	}
}
