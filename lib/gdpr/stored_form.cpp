#include "gdpr/stored_form.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr::stored {

namespace {

// Collects [["name","value"],...] straight into Properties with nlohmann's SAX parser: no JSON
// document is built for each contact read (listing a million contacts spent most time there).
class PropertiesSax final : public nlohmann::json::json_sax_t {
 public:
  explicit PropertiesSax(Properties& out) : out_(out) {}
  bool string(string_t& s) override {
    if (depth_ != 2) return false;
    if (pending_name_) {
      out_.emplace_back(std::move(*pending_name_), std::move(s));
      pending_name_.reset();
    } else {
      pending_name_ = std::move(s);
    }
    return true;
  }
  bool start_array(std::size_t /*elements*/) override { return ++depth_ <= 2; }
  bool end_array() override {
    if (depth_ == 2 && pending_name_) return false;  // a pair without its value
    --depth_;
    return true;
  }
  bool null() override { return false; }
  bool boolean(bool /*val*/) override { return false; }
  bool number_integer(number_integer_t /*val*/) override { return false; }
  bool number_unsigned(number_unsigned_t /*val*/) override { return false; }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return false; }
  bool binary(binary_t& /*val*/) override { return false; }
  bool start_object(std::size_t /*elements*/) override { return false; }
  bool key(string_t& /*val*/) override { return false; }
  bool end_object() override { return false; }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    return false;
  }

 private:
  Properties& out_;
  int depth_ = 0;
  std::optional<std::string> pending_name_;
};

// Anything but the stored form's own spelling, through nlohmann's parser (SAX); Error(config)
// if it is damaged.
Properties properties_from_json(const std::string& text) {
  Properties out;
  PropertiesSax sax(out);
  if (!nlohmann::json::sax_parse(text, &sax)) {
    throw Error(ErrorKind::config, trf("stored properties are damaged: {}", text.substr(0, 40)));
  }
  return out;
}

}  // namespace

// [["name","value"],...]: the order of the properties is kept.
std::string properties_to_text(const Properties& properties) {
  // Sized once, then written in place: one allocation per contact (an import writes a million).
  std::size_t size = 2;
  for (const auto& [name, value] : properties) {
    size += json_text::quoted_size(name) + json_text::quoted_size(value) + 3 + (size > 2 ? 1 : 0);
  }
  std::string out(size, '\0');
  char* at = out.data();
  *at++ = '[';
  for (const auto& [name, value] : properties) {
    if (at != out.data() + 1) *at++ = ',';
    *at++ = '[';
    at = json_text::write_quoted(at, name);
    *at++ = ',';
    at = json_text::write_quoted(at, value);
    *at++ = ']';
  }
  *at = ']';
  return out;
}

void properties_from_text_into(std::string_view text, Properties& out) {
  // The fast reader's buffers are swapped with the pairs of `out`: each pair takes the text just
  // read, and the buffers get the pair's old strings (their capacity) for the next one.
  std::string name;
  std::string value;
  std::size_t k = 0;
  const bool fast = visit_properties_fast(text, name, value, [&](std::string& n, std::string& v) {
    if (k == out.size()) out.emplace_back();
    out[k].first.swap(n);
    out[k].second.swap(v);
    ++k;
  });
  if (fast) {
    out.resize(k);
    return;
  }
  out = properties_from_json(std::string(text));
}

Properties properties_from_text(const std::string& text) {
  Properties out;
  properties_from_text_into(text, out);
  return out;
}

}  // namespace gdpr::stored
