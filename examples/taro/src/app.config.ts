export default defineAppConfig({
  pages: ['pages/chat/index'],
  window: {
    navigationBarTitleText: 'heartsocket',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
  },
});
