// Texts of the catalogue (事项口径) side of the indicator pages: the level filter.
export default {
  'zh-CN': {
    indItems: {
      level: '层级',
      allLevels: '全部层级',
      levels: { province: '省级', city: '市级', county: '县级', town: '乡镇级', village: '村级' },
      levelNote: '事项口径指标按所选层级的事项计算；办件口径不受影响。',
    },
  },
  en: {
    indItems: {
      level: 'Level',
      allLevels: 'All levels',
      levels: { province: 'Province', city: 'City', county: 'County', town: 'Town', village: 'Village' },
      levelNote: 'Catalogue (items) figures count the items of the chosen level; case figures do not change.',
    },
  },
}
