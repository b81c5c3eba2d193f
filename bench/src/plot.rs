//! The plot: IPC throughput by message size (left), file-read throughput
//! by method (right), one PNG.

use crate::{size_name, IpcResult, ReadResult, Transport};
use plotters::prelude::*;

/// Fonts to try, in order: plotters draws text with ab_glyph, from a font
/// file read at run time (DejaVu, in Debian's fonts-dejavu-core).
const FONTS: [&str; 3] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

type Error = Box<dyn std::error::Error>;

fn register_font() -> Result<(), Error> {
    let bytes = FONTS
        .iter()
        .find_map(|p| std::fs::read(p).ok())
        .ok_or("no DejaVuSans.ttf found (apt-get install fonts-dejavu-core)")?;
    // Leaked once: plotters keeps the font for the program's life.
    plotters::style::register_font("sans-serif", FontStyle::Normal, bytes.leak())
        .map_err(|_| "DejaVuSans.ttf is not a usable font")?;
    Ok(())
}

fn color(t: Transport) -> RGBColor {
    match t {
        Transport::Ring => RGBColor(0x1f, 0x77, 0xb4),
        Transport::Pipe => RGBColor(0xd6, 0x27, 0x28),
        Transport::Socket => RGBColor(0x2c, 0xa0, 0x2c),
    }
}

/// Draws both charts into `path` (a PNG).
pub fn draw(path: &str, ipc: &[IpcResult], reads: &[ReadResult]) -> Result<(), Error> {
    register_font()?;
    let root = BitMapBackend::new(path, (1400, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(700);

    // Left: GB/s against log2(message size), log scale.
    let gbps: Vec<f64> = ipc.iter().map(|r| r.bytes_per_sec() / 1e9).collect();
    let lo = gbps.iter().cloned().fold(f64::INFINITY, f64::min) / 2.0;
    let hi = gbps.iter().cloned().fold(0.0, f64::max) * 2.0;
    let mut chart = ChartBuilder::on(&left)
        .caption(
            "Between two processes: throughput by message size",
            ("sans-serif", 20),
        )
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(5i32..21i32, (lo..hi).log_scale())?;
    chart
        .configure_mesh()
        .x_labels(16)
        .x_label_formatter(&|x| {
            if matches!(*x, 6 | 12 | 16 | 20) {
                size_name(1 << *x)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.2}"))
        .x_desc("message size")
        .y_desc("GB/s (log scale)")
        .label_style(("sans-serif", 15))
        .draw()?;
    for t in [Transport::Ring, Transport::Pipe, Transport::Socket] {
        let c = color(t);
        let points: Vec<(i32, f64)> = ipc
            .iter()
            .filter(|r| r.transport == t)
            .map(|r| (r.size.trailing_zeros() as i32, r.bytes_per_sec() / 1e9))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), c.stroke_width(3)))?
            .label(t.name())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], c.stroke_width(3)));
        chart.draw_series(points.into_iter().map(|p| Circle::new(p, 5, c.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(("sans-serif", 15))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;

    // Right: horizontal bars, GB/s by method.
    let max = reads
        .iter()
        .map(|r| r.bytes_per_sec() / 1e9)
        .fold(0.0, f64::max)
        * 1.2;
    let n = reads.len() as f64;
    let mut chart = ChartBuilder::on(&right)
        .caption("Reading a 256 MiB file, warm cache", ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(10)
        .build_cartesian_2d(0.0..max, 0.0..n)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc("GB/s")
        .label_style(("sans-serif", 15))
        .draw()?;
    for (i, r) in reads.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        let v = r.bytes_per_sec() / 1e9;
        let c = if i == 0 {
            RGBColor(0xd6, 0x27, 0x28)
        } else {
            RGBColor(0x1f, 0x77, 0xb4)
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.15), (v, y + 0.85)],
            c.mix(0.75).filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("{}: {v:.2} GB/s", r.method),
            (max * 0.02, y + 0.6),
            ("sans-serif", 16).into_font().color(&BLACK),
        )))?;
    }
    root.present()?;
    Ok(())
}
