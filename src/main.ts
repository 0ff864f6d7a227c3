import { mount } from 'svelte';
import App from './App.svelte';
import { registerServiceWorker } from './pwa/register';
import { warmUpWhenIdle } from './idle-warm-up';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('Missing #app element');
mount(App, { target });
warmUpWhenIdle();
// Not in `vite dev`, whose modules change under a cache-first worker.
if (import.meta.env.PROD) registerServiceWorker(`${import.meta.env.BASE_URL}sw.js`);
