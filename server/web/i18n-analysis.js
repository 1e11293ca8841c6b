// Interface strings of the analysis view, in Vietnamese and English: i18n.js hangs them on
// each language's table as `an`. Dates and numbers are written here too, per language.

const parts = (date) => String(date).split('-').map(Number);
const enDate = (date, opts) => {
  const [y, m = 1, d = 1] = parts(date);
  return new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
};
const viNumber = new Intl.NumberFormat('vi-VN');
const enNumber = new Intl.NumberFormat('en-US');
const viPercent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const enPercent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

const vi = {
  tabsLabel: 'Chế độ xem',
  heading: 'Phân tích',
  scope: (q, filters) => `${q ? `Tìm “${q}”` : 'Mọi bài'}${filters ? ` · ${filters} bộ lọc` : ''}`,
  feed: 'Nguồn tin Atom',
  feedTitle: 'Theo dõi tìm kiếm này bằng trình đọc tin (Atom)',
  loading: 'Đang tải…',
  missingEndpoint: (path) => `Máy chủ này chưa có ${path}; phần này chưa dùng được.`,
  failed: 'Không tải được',
  retry: 'Thử lại',
  empty: 'Không có dữ liệu để vẽ.',
  number: (n) => viNumber.format(n),
  percent: (v) => viPercent.format(v),
  bucket: (start, interval, long = false) => {
    const [y, m, d] = parts(start);
    if (interval === 'year') return long ? `năm ${y}` : `${y}`;
    if (interval === 'month') return long ? `tháng ${m}/${y}` : `${m}/${y}`;
    if (interval === 'week') return long ? `tuần từ ${d}/${m}/${y}` : `${d}/${m}/${y}`;
    return `${d}/${m}/${y}`;
  },
  year: (y) => String(y),

  timeline: 'Số bài theo thời gian',
  timelineNote: 'Bài được xếp theo ngày đăng. Di chuột hoặc dùng phím mũi tên trên biểu đồ để xem từng giá trị.',
  measure: 'Đại lượng',
  measures: { count: 'Số bài', share: 'Tỉ lệ' },
  interval: 'Khoảng',
  intervals: { day: 'Ngày', week: 'Tuần', month: 'Tháng', year: 'Năm' },
  normalize: 'Tỉ lệ trên',
  normalizes: { filters: 'các bài theo bộ lọc', all: 'mọi bài trong chỉ mục' },
  compare: 'So sánh',
  compareNote: (max) => `Tối đa ${max} nội dung tìm kiếm, cùng bộ lọc. Chưa chọn gì thì vẽ tìm kiếm hiện tại.`,
  compareAdd: 'Thêm nội dung ô tìm kiếm',
  compareAddTitle: (text) => (text ? `Thêm “${text}” vào so sánh` : 'Gõ nội dung vào ô tìm kiếm trước'),
  compareFull: (max) => `Đã đủ ${max} nội dung`,
  compareRemove: (text) => `Bỏ “${text}” khỏi so sánh`,
  compareClear: 'Bỏ so sánh',
  everything: 'mọi bài',
  chartLabel: (title) => `${title}. Dùng phím mũi tên trái, phải để xem từng mốc; Home, End để về đầu, cuối.`,
  seriesTotal: (n, undated) => `${viNumber.format(n)} bài${undated ? `, ${viNumber.format(undated)} không rõ ngày` : ''}`,
  pointCount: (n, total) => `${viNumber.format(n)} bài${total ? ` / ${viNumber.format(total)}` : ''}`,
  table: 'Xem dạng bảng',
  tableBucket: 'Mốc thời gian',
  tableCount: (label) => `${label}: số bài`,
  tableShare: (label) => `${label}: tỉ lệ`,
  undated: (n) => `${viNumber.format(n)} bài không rõ ngày đăng không được vẽ.`,
  overlap: 'Bài chung giữa các nội dung',
  overlapPair: 'Cặp',
  overlapShared: 'Số bài chung',
  overlapNone: 'Không có.',

  terms: 'Từ nổi bật',
  termsNote: 'Những từ và từ ghép xuất hiện trong kết quả nhiều hơn hẳn so với toàn chỉ mục (log-likelihood). Bấm vào một từ để thêm vào tìm kiếm (từ ghép trong ngoặc kép).',
  compound: 'từ ghép',
  termsNeedSearch: 'Tìm một nội dung hoặc chọn bộ lọc để xem các từ nổi bật của kết quả.',
  termsSample: (sample, total) => `Tính trên ${viNumber.format(sample)} / ${viNumber.format(total)} bài.`,
  termAdd: (term, count, indexCount) => `Thêm “${term}” vào tìm kiếm (${viNumber.format(count)} bài trong kết quả, ${viNumber.format(indexCount)} trong chỉ mục)`,
  termCounts: (count, indexCount) => `${viNumber.format(count)} / ${viNumber.format(indexCount)}`,
  termsHeader: { term: 'Từ', counts: 'Trong kết quả / chỉ mục', score: 'Điểm' },

  agreements: 'Lịch sử thỏa thuận',
  agreementsNote: 'Mỗi thanh là giai đoạn của một thỏa thuận; hình thoi là ngày ký khi không rõ giai đoạn. Đường nối chỉ thỏa thuận được ký lại. Bấm để xem các bài.',
  agreementsOf: 'Của',
  agreementsChoose: 'Chọn tỉnh hoặc doanh nghiệp…',
  provinces: 'Tỉnh, thành phố',
  carriers: 'Doanh nghiệp',
  agreementsNone: 'Không có thỏa thuận nào được ghi nhận.',
  agreementsPick: 'Chọn một tỉnh hoặc doanh nghiệp (hoặc lọc theo đúng một tỉnh) để xem lịch sử thỏa thuận.',
  agreementLabel: (province, carriers, signed, period) =>
    `${province}, ${carriers}: ký ${signed || 'không rõ ngày'}${period ? `, giai đoạn ${period}` : ''}`,
  signed: 'Ký',
  period: 'Giai đoạn',
  pillars: 'Trụ cột',
  renews: 'Ký lại thỏa thuận',
  renewedBy: 'Được ký lại bằng thỏa thuận',
  articles: (n) => `${viNumber.format(n)} bài`,
  noDate: 'không rõ ngày',

  download: 'Tải:',
  downloadLabel: (title) => `Tải ${title}`,
  downloadSvg: (title) => `Tải ${title} dạng SVG`,
  downloadCsv: (title) => `Tải số liệu ${title} dạng CSV`,
};

const en = {
  tabsLabel: 'Views',
  heading: 'Analysis',
  scope: (q, filters) => `${q ? `Search “${q}”` : 'All articles'}${filters ? ` · ${filters} filter${filters === 1 ? '' : 's'}` : ''}`,
  feed: 'Atom feed',
  feedTitle: 'Follow this search in a feed reader (Atom)',
  loading: 'Loading…',
  missingEndpoint: (path) => `This server does not offer ${path} yet; this part cannot be shown.`,
  failed: 'Could not load',
  retry: 'Try again',
  empty: 'Nothing to chart.',
  number: (n) => enNumber.format(n),
  percent: (v) => enPercent.format(v),
  bucket: (start, interval, long = false) => {
    const [y] = parts(start);
    if (interval === 'year') return String(y);
    if (interval === 'month') return enDate(start, { month: long ? 'long' : 'short', year: 'numeric' });
    const day = enDate(start, { day: 'numeric', month: 'short', year: 'numeric' });
    return interval === 'week' && long ? `week of ${day}` : day;
  },
  year: (y) => String(y),

  timeline: 'Articles over time',
  timelineNote: 'Articles are placed by publication date. Hover, or use the arrow keys on the chart, to read each value.',
  measure: 'Measure',
  measures: { count: 'Count', share: 'Share' },
  interval: 'Interval',
  intervals: { day: 'Day', week: 'Week', month: 'Month', year: 'Year' },
  normalize: 'Share of',
  normalizes: { filters: 'articles matching the filters', all: 'all articles in the index' },
  compare: 'Compare',
  compareNote: (max) => `Up to ${max} searches, with the same filters. With none chosen, the current search is drawn.`,
  compareAdd: 'Add the search box text',
  compareAddTitle: (text) => (text ? `Add “${text}” to the comparison` : 'Type something in the search box first'),
  compareFull: (max) => `${max} texts already`,
  compareRemove: (text) => `Remove “${text}” from the comparison`,
  compareClear: 'Clear comparison',
  everything: 'all articles',
  chartLabel: (title) => `${title}. Use the left and right arrow keys to read each point; Home and End go to the first and last.`,
  seriesTotal: (n, undated) => `${enNumber.format(n)} article${n === 1 ? '' : 's'}${undated ? `, ${enNumber.format(undated)} undated` : ''}`,
  pointCount: (n, total) => `${enNumber.format(n)} article${n === 1 ? '' : 's'}${total ? ` of ${enNumber.format(total)}` : ''}`,
  table: 'Show as a table',
  tableBucket: 'Period',
  tableCount: (label) => `${label}: count`,
  tableShare: (label) => `${label}: share`,
  undated: (n) => `${enNumber.format(n)} article${n === 1 ? '' : 's'} without a publication date ${n === 1 ? 'is' : 'are'} not drawn.`,
  overlap: 'Articles shared between the texts',
  overlapPair: 'Pair',
  overlapShared: 'Shared articles',
  overlapNone: 'None.',

  terms: 'Top terms',
  termsNote: 'Words and compound words far more frequent in the results than in the whole index (log-likelihood). Click one to add it to the search (a compound in quotes).',
  compound: 'compound word',
  termsNeedSearch: 'Search for something or choose a filter to see the top terms of the results.',
  termsSample: (sample, total) => `From ${enNumber.format(sample)} of ${enNumber.format(total)} articles.`,
  termAdd: (term, count, indexCount) => `Add “${term}” to the search (${enNumber.format(count)} articles in the results, ${enNumber.format(indexCount)} in the index)`,
  termCounts: (count, indexCount) => `${enNumber.format(count)} / ${enNumber.format(indexCount)}`,
  termsHeader: { term: 'Term', counts: 'In results / index', score: 'Score' },

  agreements: 'Agreement history',
  agreementsNote: 'Each bar is an agreement’s period; a diamond marks the signing date when no period is known. A curve joins an agreement to the one that renewed it. Click to see the articles.',
  agreementsOf: 'Of',
  agreementsChoose: 'Choose a province or company…',
  provinces: 'Provinces',
  carriers: 'Companies',
  agreementsNone: 'No agreement is recorded.',
  agreementsPick: 'Choose a province or a company (or filter on exactly one province) to see its agreements.',
  agreementLabel: (province, carriers, signed, period) =>
    `${province}, ${carriers}: signed ${signed || 'on an unknown date'}${period ? `, period ${period}` : ''}`,
  signed: 'Signed',
  period: 'Period',
  pillars: 'Pillars',
  renews: 'Renews the agreement',
  renewedBy: 'Renewed by the agreement',
  articles: (n) => `${enNumber.format(n)} article${n === 1 ? '' : 's'}`,
  noDate: 'date unknown',

  download: 'Download:',
  downloadLabel: (title) => `Download ${title}`,
  downloadSvg: (title) => `Download ${title} as SVG`,
  downloadCsv: (title) => `Download the data of ${title} as CSV`,
};

export const ANALYSIS_STRINGS = { vi, en };
