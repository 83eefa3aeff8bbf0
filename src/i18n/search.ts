/** Strings of the place search (src/ui/search), shared by the residents' and the planners' views. */
export const zh = {
  'search.label': '搜索地点',
  'search.placeholder': '地铁站、公交站、地点或区，可输拼音',
  'search.noResults': '没有找到匹配的地点',
  'search.count': '{n} 个结果，用上下方向键选择',
  'search.kind.district': '区',
  'search.kind.street': '街镇',
  'search.kind.facility': '设施',
  'search.kind.metro': '地铁站',
  'search.kind.bus': '公交站',
  'search.kind.poi': '地点（OSM）',
  'search.streetsNote': '已加载街镇边界时，也可搜索街镇名称。',
  'search.planner.label': '搜索地点，定位到所在单元',
  'search.planner.placeholder': '地铁站、公交站、地点、街镇或区，可输拼音',
  'search.planner.picked': '已定位：{name}',
  'search.planner.noUnit': '{name} 不在任何规划单元内（水面或上海以外）',
} as const;

type SearchKey = keyof typeof zh;

export const en: Record<SearchKey, string> = {
  'search.label': 'Search for a place',
  'search.placeholder': 'Station, stop, place, pinyin',
  'search.noResults': 'No matching place',
  'search.count': '{n} results; use the up and down arrow keys',
  'search.kind.district': 'District',
  'search.kind.street': 'Street/town',
  'search.kind.facility': 'Facility',
  'search.kind.metro': 'Metro station',
  'search.kind.bus': 'Bus stop',
  'search.kind.poi': 'Place (OSM)',
  'search.streetsNote': 'Street/town names are searchable once their outlines are loaded.',
  'search.planner.label': 'Search a place and go to its unit',
  'search.planner.placeholder': 'Station, stop, place, district, pinyin',
  'search.planner.picked': 'Found: {name}',
  'search.planner.noUnit': '{name} lies in no planning unit (water, or outside Shanghai)',
};
