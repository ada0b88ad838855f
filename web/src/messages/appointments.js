// 预约办 (docs/appointments.md): the citizen's booking page and the window's check-in page.
export default {
  'zh-CN': {
    appt: {
      nav: '我的预约', navDesk: '预约签到',
      heading: '预约到窗口办理', mine: '我的预约',
      forApplication: '办理的申请', chooseApplication: '请选择要到窗口办理的申请',
      noApplications: '您还没有可预约的申请。',
      slots: '可预约时段', noSlots: '近 7 天没有可预约的时段。',
      day: '日期', time: '时段', hall: '大厅', window: '窗口', remaining: '剩余名额', comprehensive: '综合窗口',
      book: '预约', booked: '预约成功', code: '预约号', status: '状态', item: '事项', receipt: '受理编号',
      cancel: '取消预约', cancelled: '已取消',
      statuses: { booked: '已预约', checked_in: '已签到', cancelled: '已取消', no_show: '爽约' },
      deskHeading: '今日预约', deskDay: '日期', applicant: '申请人', checkIn: '签到', checkedIn: '已签到',
      empty: '暂无预约',
    },
  },
  en: {
    appt: {
      nav: 'My appointments', navDesk: 'Check-in',
      heading: 'Book a visit to a window', mine: 'My appointments',
      forApplication: 'Application', chooseApplication: 'Choose the application to handle at the window',
      noApplications: 'You have no application to book a visit for.',
      slots: 'Open slots', noSlots: 'No open slot in the next 7 days.',
      day: 'Day', time: 'Time', hall: 'Hall', window: 'Window', remaining: 'Seats left', comprehensive: 'Comprehensive window',
      book: 'Book', booked: 'Booked', code: 'Booking no.', status: 'Status', item: 'Item', receipt: 'Receipt no.',
      cancel: 'Cancel', cancelled: 'Cancelled',
      statuses: { booked: 'Booked', checked_in: 'Checked in', cancelled: 'Cancelled', no_show: 'No-show' },
      deskHeading: "Today's appointments", deskDay: 'Day', applicant: 'Applicant', checkIn: 'Check in', checkedIn: 'Checked in',
      empty: 'No appointments',
    },
  },
}
