//! The text of a CSV file as UTF-8, as spreadsheets save it: UTF-8 with or without a
//! byte-order mark, or GBK/GB18030 (what Chinese Windows writes), detected from the start of
//! the file or named with `--encoding`. Line ends come out as `\n` whether the file has
//! CRLF, LF or CR alone, so that the CSV reader counts lines as an editor does.

use std::io::{self, Read};

use encoding_rs::{DecoderResult, Encoding as TextEncoding, GB18030, UTF_8};

use crate::cli::Encoding;
use crate::lang::Text;

/// Bytes that are not text of the file's encoding, in both languages: carried inside the
/// `io::Error` a read gives, so that the import can word it in the clerk's language.
#[derive(Debug)]
pub struct BadBytes(pub Text);

impl std::fmt::Display for BadBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for BadBytes {}

/// How much of the file is looked at to tell its encoding.
const SAMPLE: usize = 1 << 16;

/// A reader of the file's text as UTF-8 with `\n` line ends.
pub struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    encoding: &'static TextEncoding,
    raw: Vec<u8>,
    raw_start: usize,
    eof: bool,
    out: Vec<u8>,
    out_start: usize,
    /// The last byte given out was a `\r` turned into `\n`: a `\n` right after it is dropped.
    after_cr: bool,
    /// Lines given out so far, for the message about a bad byte.
    lines: u64,
    /// The decoder has seen the end of the file.
    finished: bool,
    /// Told by nothing but ASCII so far: the first bytes beyond it decide between UTF-8 and
    /// GBK, however far into the file they come (a long list of ids before the first name).
    undecided: bool,
}

/// Fills `buf` from `r` as far as it goes; returns how many bytes were read.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether `sample` decodes without error as `encoding` (a sequence cut off by the end of
/// the sample counts as good unless the file ends there).
fn decodes(encoding: &'static TextEncoding, sample: &[u8], last: bool) -> bool {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = vec![0u8; sample.len() * 3 + 16];
    let (result, _, _) = decoder.decode_to_utf8_without_replacement(sample, &mut out, last);
    !matches!(result, DecoderResult::Malformed(..))
}

impl<R: Read> Decoded<R> {
    /// Tells the file's encoding (or takes the one given) and starts decoding. The error is
    /// the one message for a file that is no text bangfu reads.
    pub fn new(mut inner: R, encoding: Encoding) -> Result<Decoded<R>, Text> {
        let mut raw = vec![0u8; SAMPLE];
        let n = fill(&mut inner, &mut raw).map_err(|e| Text {
            en: format!("could not read it: {e}"),
            zh: format!("无法读取：{e}"),
        })?;
        raw.truncate(n);
        let eof = n < SAMPLE;
        let sample = raw.as_slice();
        if sample.starts_with(b"PK\x03\x04") {
            return Err(Text::new(
                "is a workbook or another zip file, not CSV text; give an Excel workbook a name ending in .xlsx",
                "是工作簿或其他 zip 文件，不是 CSV 文本；Excel 工作簿的文件名应以 .xlsx 结尾",
            ));
        }
        if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
            return Err(Text::new(
                "is UTF-16 text (a spreadsheet's \"Unicode text\"); save it as CSV (UTF-8 or the Chinese default, GBK)",
                "是 UTF-16 文本（电子表格的“Unicode 文本”）；请另存为 CSV（UTF-8 或中文默认的 GBK）",
            ));
        }
        let bom = sample.starts_with(b"\xEF\xBB\xBF");
        let chosen = match encoding {
            Encoding::Utf8 => UTF_8,
            Encoding::Gbk => GB18030,
            Encoding::Auto if bom => UTF_8,
            Encoding::Auto if sample.contains(&0) => {
                return Err(Text::new(
                    "is not text (it holds NUL bytes); expected a CSV file in UTF-8 or GBK",
                    "不是文本（含有 NUL 字节）；应为 UTF-8 或 GBK 编码的 CSV 文件",
                ));
            }
            Encoding::Auto if decodes(UTF_8, sample, eof) => UTF_8,
            Encoding::Auto if decodes(GB18030, sample, eof) => GB18030,
            Encoding::Auto => {
                return Err(Text::new(
                    "is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 (or name its encoding with --encoding)",
                    "既不是 UTF-8 也不是 GBK/GB18030 文本；请另存为 CSV UTF-8（或用 --encoding 指明编码）",
                ));
            }
        };
        let undecided = encoding == Encoding::Auto && !bom && sample.is_ascii() && !eof;
        let decoder = if chosen == UTF_8 {
            UTF_8.new_decoder_with_bom_removal()
        } else {
            GB18030.new_decoder_without_bom_handling()
        };
        Ok(Decoded {
            inner,
            decoder,
            encoding: chosen,
            raw,
            raw_start: 0,
            eof,
            out: Vec::with_capacity(SAMPLE * 3),
            out_start: 0,
            after_cr: false,
            lines: 1,
            finished: false,
            undecided,
        })
    }

    /// The encoding being read, as people call it.
    pub fn encoding_name(&self) -> &'static str {
        if self.encoding == UTF_8 {
            "UTF-8"
        } else {
            "GBK/GB18030"
        }
    }

    /// Decodes the next piece of the file into `out`; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        loop {
            if self.raw_start == self.raw.len() && !self.eof {
                self.raw.resize(SAMPLE, 0);
                let n = fill(&mut self.inner, &mut self.raw)?;
                self.raw.truncate(n);
                self.raw_start = 0;
                self.eof = n < SAMPLE;
            }
            if self.finished {
                return Ok(false);
            }
            let input = &self.raw[self.raw_start..];
            if self.undecided && !input.is_ascii() {
                // Every byte before was ASCII, read alike by both: the decoder holds nothing
                // and may be swapped.
                self.undecided = false;
                if !decodes(UTF_8, input, self.eof) && decodes(GB18030, input, self.eof) {
                    self.encoding = GB18030;
                    self.decoder = GB18030.new_decoder_without_bom_handling();
                }
            }
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(input.len())
                .unwrap_or(input.len() * 3 + 16);
            let mut text = vec![0u8; room];
            let last = self.eof;
            self.finished = last;
            let (result, read, written) = self
                .decoder
                .decode_to_utf8_without_replacement(input, &mut text, last);
            self.raw_start += read;
            if let DecoderResult::Malformed(..) = result {
                // The line of the bad bytes: those given out, and those decoded before them.
                let mut line = self.lines;
                let mut cr = self.after_cr;
                for &b in &text[..written] {
                    if b == b'\r' || (b == b'\n' && !cr) {
                        line += 1;
                    }
                    cr = b == b'\r';
                }
                let encoding = self.encoding_name();
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    BadBytes(Text {
                        en: format!(
                            "line {line} is not {encoding} text; save the whole file as CSV UTF-8 (or name its encoding with --encoding)"
                        ),
                        zh: format!(
                            "第 {line} 行不是 {encoding} 文本；请把整个文件另存为 CSV UTF-8（或用 --encoding 指明编码）"
                        ),
                    }),
                ));
            }
            self.out.clear();
            self.out_start = 0;
            let text = &text[..written];
            if !self.after_cr && !text.contains(&b'\r') {
                // The common case: LF line ends only.
                self.lines += text.iter().fold(0, |n, b| n + u64::from(*b == b'\n'));
                self.out.extend_from_slice(text);
                if !self.out.is_empty() {
                    return Ok(true);
                }
                continue;
            }
            for &b in text {
                if self.after_cr {
                    self.after_cr = false;
                    if b == b'\n' {
                        continue;
                    }
                }
                match b {
                    b'\r' => {
                        self.out.push(b'\n');
                        self.after_cr = true;
                        self.lines += 1;
                    }
                    b'\n' => {
                        self.out.push(b'\n');
                        self.lines += 1;
                    }
                    _ => self.out.push(b),
                }
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_start == self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.out_start);
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], encoding: Encoding) -> Result<String, String> {
        let mut d = Decoded::new(bytes, encoding).map_err(|t| t.en)?;
        let mut out = String::new();
        d.read_to_string(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    #[test]
    fn utf8_with_and_without_bom_and_every_line_end() {
        assert_eq!(
            text(b"\xEF\xBB\xBFa,b\r\nc\rd\n", Encoding::Auto).unwrap(),
            "a,b\nc\nd\n"
        );
        assert_eq!(
            text("王芳\r\n".as_bytes(), Encoding::Auto).unwrap(),
            "王芳\n"
        );
        assert_eq!(text(b"", Encoding::Auto).unwrap(), "");
    }

    #[test]
    fn gbk_is_detected_or_named() {
        let (gbk, _, _) = GB18030.encode("id,name\nP1,王芳\n");
        assert_eq!(text(&gbk, Encoding::Auto).unwrap(), "id,name\nP1,王芳\n");
        assert_eq!(text(&gbk, Encoding::Gbk).unwrap(), "id,name\nP1,王芳\n");
        let err = text(&gbk, Encoding::Utf8).unwrap_err();
        assert!(err.contains("line 2 is not UTF-8 text"), "{err}");
    }

    #[test]
    fn neither_gets_one_message() {
        assert!(
            text(b"a,b\n\x80\xFF\x80\n", Encoding::Auto)
                .unwrap_err()
                .contains("neither")
        );
        assert!(
            text(b"PK\x03\x04rest", Encoding::Auto)
                .unwrap_err()
                .contains(".xlsx")
        );
        assert!(
            text(b"\xFF\xFEa\0", Encoding::Auto)
                .unwrap_err()
                .contains("UTF-16")
        );
    }

    #[test]
    fn a_cr_at_the_end_of_a_piece_still_swallows_the_lf_of_the_next() {
        let mut file = vec![b'a'; SAMPLE - 1];
        file.extend_from_slice(b"\r\nb\r\n");
        let out = text(&file, Encoding::Auto).unwrap();
        assert!(out.ends_with("a\nb\n") && out.matches('\n').count() == 2);
    }
}
