import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { getApi } from './api';
import { createAppI18n } from './i18n';
import { guardFilterEnter } from './lib/searchEnter';
import './styles.css';

// Install the transport first: in the harness this also takes the secret out of the address.
getApi();
// Enter in a search box never submits the form around it.
guardFilterEnter();

const app = createApp(App);
app.use(createPinia());
app.use(createAppI18n());
app.mount('#app');
