// `wireproof fuzz --coverage`: grey-box guidance from the edge-coverage map of a server built with
// AFL++'s instrumentation (tools/wireproof/edges). Each worker's server gets its own map; after
// every exec the worker reads it, and a stream that reached an edge never seen in the run, or a
// known edge with a hit count in a new AFL++ bucket, is kept: written to the corpus directory
// (raw bytes named by SHA-1, the format --corpus, `repro` and corpus/ use) and from then on
// used as a parent for mutation, favouring (as AFL++'s queue culling does) the smallest kept
// input for each edge, so entries kept for a hit count alone do not crowd out the rest. The
// virgin map and the kept entries are shared by all workers (one server binary, one map layout).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "edges/edge_tracker.hpp"
#include "blackbox/generator.hpp"
#include "blackbox/rng.hpp"
#include "edges/shared_edge_map.hpp"

namespace wireproof::blackbox {

// The server is not instrumented, or the corpus directory cannot be written.
class CoverageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CoverageSample {
  double seconds = 0;
  std::uint64_t execs = 0;
  std::size_t edges = 0;
  std::size_t kept = 0;
};

class CoverageGuide {
 public:
  class Job;

  // Looks at the program `server_command` starts (must carry AFL++'s instrumentation, or be a
  // script: then the map decides after the first exec), sizes the map (AFL_MAP_SIZE in our own
  // environment overrides) and creates `corpus_dir`. `seeds` are run once each, unmutated, before
  // anything else (as AFL++ does with its -i directory), so coverage they reach is not "new".
  // Throws CoverageError with a message for the user.
  // `use`: guide (keep and prefer inputs), or only measure: read the maps and count edges but
  // keep nothing and leave the choice of inputs to the caller (a blind run's coverage, to compare).
  enum class Use { guide, measure };
  CoverageGuide(const std::string& server_command, std::filesystem::path corpus_dir, std::vector<std::string> seeds,
                Use use = Use::guide);
  ~CoverageGuide();

  // A map for one worker's server. Throws CoverageError when no segment can be made.
  std::unique_ptr<Job> job();

  // The next input to run: a seed not run yet; else (once something was kept, every other time)
  // a kept entry with 1..4 mutations, 3 times in 4 a favoured one; else nullopt (the caller then
  // generates one as without --coverage: the generator knows the grammar, mutation does not).
  std::optional<GeneratedStream> next_input(Rng& rng);

  bool guiding() const { return use_ == Use::guide; }
  std::size_t map_size() const { return map_size_; }
  std::size_t edges() const;
  std::size_t kept() const;
  // Kept inputs that are the smallest to reach some edge no smaller favoured input reaches.
  std::size_t favored() const;
  const std::filesystem::path& corpus_dir() const { return corpus_dir_; }
  const std::string& instrumentation_note() const { return note_; }

  // Records a point of edges over time (the progress thread, once a second).
  void sample(double seconds, std::uint64_t execs);
  std::vector<CoverageSample> history() const;
  // For the progress line: "edges 812/13312 kept 45".
  std::string progress() const;
  // For the summary: edges reached, what was kept and where, edges over time.
  std::string summary() const;
  // The history as TSV (seconds, execs, edges, kept), for plotting.
  std::string history_tsv() const;

 private:
  edges::ExecCoverage observe(std::span<const std::uint8_t> trace, const std::string* stream);
  void keep(std::span<const std::uint8_t> trace, const std::string& stream, bool new_edge);
  void cull() const;  // recomputes favored_ (AFL++'s cull_queue, with length as the cost)

  std::string command_;
  Use use_ = Use::guide;
  std::size_t map_size_ = edges::kDefaultMapSize;
  std::filesystem::path corpus_dir_;
  std::string note_;
  mutable std::mutex mutex_;
  edges::EdgeTracker tracker_;
  std::vector<std::string> seeds_;
  std::size_t next_seed_ = 0;
  std::vector<std::string> kept_;
  std::vector<std::vector<std::uint32_t>> kept_edges_;  // map entries each kept input reached
  std::vector<std::int32_t> top_rated_;                 // per map entry: smallest kept input reaching it, or -1
  mutable std::vector<std::size_t> favored_;  // a cache of cull()
  mutable bool favored_stale_ = false;
  std::size_t kept_for_edges_ = 0;    // entries kept because they reached a new edge
  std::size_t kept_for_counts_ = 0;   // ... because of a new hit-count bucket only
  std::vector<CoverageSample> history_;
};

// One worker's map, in its server's environment.
class CoverageGuide::Job {
 public:
  Job(CoverageGuide& guide, std::size_t map_size) : guide_(guide), map_(map_size) {}

  // "__AFL_SHM_ID=..." and "AFL_MAP_SIZE=...", for the server's environment.
  std::vector<std::string> environment() const { return map_.environment(); }
  // Merges what the map holds into the virgin map without keeping any input, and clears it: after
  // the server (re)started (its start-up and the probe connection) and after runs not to be
  // credited to one stream (confirming and shrinking a finding).
  void absorb();
  // After one exec of `stream`: merges the map, keeps `stream` when it reached new coverage,
  // clears the map. Throws CoverageError when the map is still all-zero after the first exec.
  edges::ExecCoverage after_exec(const std::string& stream);

  // The raw map, for tests that stand in for the server.
  std::span<std::uint8_t> map_bytes_for_test() { return map_.bytes(); }

 private:
  CoverageGuide& guide_;
  edges::SharedEdgeMap map_;
  bool ever_written_ = false;
};

}  // namespace wireproof::blackbox
