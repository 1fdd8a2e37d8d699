#include "edges/coverage_guide.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness/command_line.hpp"
#include "blackbox/corpus.hpp"
#include "edges/instrumentation.hpp"
#include "blackbox/mutators.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::size_t kMaxMutations = 4;

std::string sha1_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

// Writes `bytes` as dir/<sha1> (via a hidden temporary file and a rename, so a reader never sees
// half an entry). Throws CoverageError naming the file.
void write_entry(const std::filesystem::path& dir, const std::string& bytes) {
  const std::filesystem::path final_path = dir / sha1_hex(bytes);
  if (std::filesystem::exists(final_path)) return;
  const std::filesystem::path temporary = dir / ("." + final_path.filename().string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw CoverageError("cannot write corpus entry '" + temporary.string() + "'");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, final_path, ec);
  if (ec) throw CoverageError("cannot write corpus entry '" + final_path.string() + "': " + ec.message());
}

}  // namespace

CoverageGuide::CoverageGuide(const std::string& server_command, std::filesystem::path corpus_dir,
                             std::vector<std::string> seeds, Use use)
    : command_(server_command), use_(use), corpus_dir_(std::move(corpus_dir)), tracker_(0), seeds_(std::move(seeds)) {
  std::string error;
  const std::optional<std::vector<std::string>> words = split_command(server_command, &error);
  if (!words) throw CoverageError("server " + error);
  const edges::InstrumentationCheck check = edges::check_instrumentation(*words);
  if (check.verdict == edges::InstrumentationCheck::Verdict::not_instrumented) {
    throw CoverageError("--coverage: " + check.message);
  }
  const std::optional<std::size_t> size = edges::choose_map_size(check, std::getenv(edges::kMapSizeVariable), error);
  if (!size) throw CoverageError("--coverage: " + error);
  map_size_ = (*size + 63) / 64 * 64;
  tracker_ = edges::EdgeTracker(map_size_);
  top_rated_.assign(map_size_, -1);
  note_ = check.message;
  if (use_ == Use::measure) return;
  std::error_code ec;
  std::filesystem::create_directories(corpus_dir_, ec);
  if (ec || !std::filesystem::is_directory(corpus_dir_)) {
    throw CoverageError("cannot create the corpus directory '" + corpus_dir_.string() + "': " + ec.message());
  }
}

CoverageGuide::~CoverageGuide() = default;

std::unique_ptr<CoverageGuide::Job> CoverageGuide::job() {
  try {
    return std::make_unique<Job>(*this, map_size_);
  } catch (const edges::EdgeMapError& e) {
    throw CoverageError(std::string("--coverage: ") + e.what());
  }
}

std::optional<GeneratedStream> CoverageGuide::next_input(Rng& rng) {
  if (use_ == Use::measure) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (next_seed_ < seeds_.size()) {
    const std::size_t i = next_seed_++;
    return GeneratedStream{seeds_[i], "seed[" + std::to_string(i) + "]"};
  }
  if (kept_.empty() || !rng.chance(1, 2)) return std::nullopt;
  if (favored_stale_) cull();
  const std::size_t i = !favored_.empty() && rng.chance(3, 4) ? favored_[rng.below(favored_.size())]
                                                               : rng.below(kept_.size());
  GeneratedStream out{kept_[i], "kept[" + std::to_string(i) + "] + "};
  std::string names;
  for (std::string_view name : mutate(out.bytes, rng, kept_, kMaxMutations)) {
    names += names.empty() ? "" : ",";
    names += name;
  }
  out.origin += names;
  return out;
}

edges::ExecCoverage CoverageGuide::observe(std::span<const std::uint8_t> trace, const std::string* stream) {
  std::lock_guard lock(mutex_);
  const edges::ExecCoverage seen = tracker_.observe(trace);
  // A stream too large for a corpus file is not kept: the next run could not read it back.
  if (use_ == Use::guide && stream && seen.new_coverage() && !stream->empty() &&
      stream->size() <= kMaxCorpusEntryBytes)
    keep(trace, *stream, seen.new_edges > 0);
  return seen;
}

void CoverageGuide::keep(std::span<const std::uint8_t> trace, const std::string& stream, bool new_edge) {
  write_entry(corpus_dir_, stream);
  const auto id = static_cast<std::int32_t>(kept_.size());
  kept_.push_back(stream);
  ++(new_edge ? kept_for_edges_ : kept_for_counts_);
  std::vector<std::uint32_t>& reached = kept_edges_.emplace_back();
  const std::size_t size = std::min(trace.size(), top_rated_.size());
  for (std::size_t i = 0; i < size; ++i) {
    if (trace[i] == 0) continue;
    reached.push_back(static_cast<std::uint32_t>(i));
    std::int32_t& top = top_rated_[i];
    if (top < 0 || kept_[static_cast<std::size_t>(top)].size() > stream.size()) {
      top = id;
      favored_stale_ = true;
    }
  }
}

void CoverageGuide::cull() const {
  // Greedy, as afl-fuzz does: walk the map; an entry no favoured input covers yet brings in its
  // top-rated input, which covers everything it reached.
  std::vector<bool> covered(top_rated_.size(), false);
  std::vector<bool> chosen(kept_.size(), false);
  favored_.clear();
  for (std::size_t i = 0; i < top_rated_.size(); ++i) {
    if (top_rated_[i] < 0 || covered[i]) continue;
    const auto id = static_cast<std::size_t>(top_rated_[i]);
    if (chosen[id]) continue;
    chosen[id] = true;
    favored_.push_back(id);
    for (std::uint32_t e : kept_edges_[id]) covered[e] = true;
  }
  favored_stale_ = false;
}

std::size_t CoverageGuide::edges() const {
  std::lock_guard lock(mutex_);
  return tracker_.edges();
}

std::size_t CoverageGuide::kept() const {
  std::lock_guard lock(mutex_);
  return kept_.size();
}

std::size_t CoverageGuide::favored() const {
  std::lock_guard lock(mutex_);
  if (favored_stale_) cull();
  return favored_.size();
}

void CoverageGuide::sample(double seconds, std::uint64_t execs) {
  std::lock_guard lock(mutex_);
  history_.push_back({seconds, execs, tracker_.edges(), kept_.size()});
}

std::vector<CoverageSample> CoverageGuide::history() const {
  std::lock_guard lock(mutex_);
  return history_;
}

std::string CoverageGuide::progress() const {
  std::lock_guard lock(mutex_);
  return "edges " + std::to_string(tracker_.edges()) + "/" + std::to_string(map_size_) + " kept " +
         std::to_string(kept_.size());
}

std::string CoverageGuide::summary() const {
  std::lock_guard lock(mutex_);
  if (favored_stale_) cull();
  std::ostringstream text;
  text << "coverage: " << tracker_.edges() << " edges reached (map entries hit at least once, of " << map_size_
       << "); ";
  if (use_ == Use::measure) {
    text << "measured only, nothing kept";
  } else {
    text << kept_.size() << " inputs kept (" << kept_for_edges_ << " for a new edge, " << kept_for_counts_
         << " for a new hit-count bucket; " << favored_.size() << " favoured) in " << corpus_dir_.string();
  }
  text << "\n";
  if (!history_.empty()) {
    // About ten points, always the last.
    const std::size_t step = std::max<std::size_t>(1, history_.size() / 10);
    text << "coverage: edges over time:";
    for (std::size_t i = 0; i < history_.size(); ++i) {
      if (i % step != step - 1 && i + 1 != history_.size()) continue;
      text << " " << static_cast<int>(history_[i].seconds) << "s " << history_[i].edges;
    }
    text << "\n";
  }
  return text.str();
}

std::string CoverageGuide::history_tsv() const {
  std::lock_guard lock(mutex_);
  std::ostringstream text;
  text << "seconds\texecs\tedges\tkept\n";
  for (const CoverageSample& s : history_) {
    text << static_cast<int>(s.seconds) << "\t" << s.execs << "\t" << s.edges << "\t" << s.kept << "\n";
  }
  return text.str();
}

void CoverageGuide::Job::absorb() {
  ever_written_ = ever_written_ || std::any_of(map_.bytes().begin(), map_.bytes().end(), [](std::uint8_t b) { return b != 0; });
  guide_.observe(map_.bytes(), nullptr);
  map_.clear();
}

edges::ExecCoverage CoverageGuide::Job::after_exec(const std::string& stream) {
  const std::span<const std::uint8_t> trace = map_.bytes();
  if (!ever_written_) {
    ever_written_ = std::any_of(trace.begin(), trace.end(), [](std::uint8_t b) { return b != 0; });
    if (!ever_written_) throw CoverageError("--coverage: " + edges::empty_map_message(guide_.command_));
  }
  const edges::ExecCoverage seen = guide_.observe(trace, &stream);
  map_.clear();
  return seen;
}

}  // namespace wireproof::blackbox
