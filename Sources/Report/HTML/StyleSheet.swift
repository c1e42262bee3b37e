/// The page's only style sheet, inline: system fonts (nothing fetched), print-friendly.
enum StyleSheet {
    static let css = """
        :root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d9d9d9; --accent: #0b5394; --sig: #fff3c4; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1260px; padding: 24px 28px 48px; color: var(--ink);
               font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h1 .id { color: var(--accent); }
        h2 { font-size: 18px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
        h3 { font-size: 15px; margin: 26px 0 6px; }
        p.lead { color: var(--muted); margin: 0 0 14px; font-size: 15px; }
        .banner { display: inline-block; padding: 3px 10px; border-radius: 3px; font-weight: 600; font-size: 13px; }
        .banner.blinded { background: #fde9e7; color: #8a1c12; border: 1px solid #e7b3ad; }
        .banner.unblinded { background: #e7f1fb; color: #0b3d6e; border: 1px solid #b3cde7; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 10px 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .columns { display: flex; flex-wrap: wrap; gap: 8px 48px; }
        .columns > div { flex: 1 1 440px; }
        nav { margin: 14px 0; font-size: 13px; }
        nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
        figure { margin: 8px 0 14px; }
        figure svg { max-width: 100%; height: auto; display: block; }
        figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; max-width: 600px; }
        .figures { display: flex; flex-wrap: wrap; gap: 4px 24px; align-items: flex-start; }
        .figures figure { flex: 0 1 auto; }
        table.data { border-collapse: collapse; font-size: 12.5px; margin: 8px 0 12px; }
        table.data th, table.data td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        table.data th { background: #f4f4f4; font-weight: 600; border-bottom: 1px solid #bdbdbd; }
        table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.data td.nowrap { white-space: nowrap; }
        table.data tr.sig td { background: var(--sig); }
        table.data tr.sig td.q { font-weight: 700; }
        .note { color: var(--muted); font-size: 12.5px; }
        details { margin: 8px 0; }
        summary { cursor: pointer; color: var(--accent); }
        ul.warnings { font-size: 12.5px; color: #6b4500; }
        footer { margin-top: 40px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 8px; }
        @media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
        """
}
