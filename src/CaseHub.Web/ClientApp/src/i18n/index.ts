import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './zh-CN';
import enUS from './en-US';
import { setRequestLanguage } from '../api/client';

export type Language = 'zh-CN' | 'en-US';
export const languages: Language[] = ['zh-CN', 'en-US'];
export const languageStorageKey = 'casehub.lang';

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(languageStorageKey);
    return value === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function dayjsLocale(language: Language): string {
  return language === 'en-US' ? 'en' : 'zh-cn';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
dayjs.locale(dayjsLocale(i18n.language as Language));
setRequestLanguage(i18n.language);

/** Switches the UI language, remembers it, and moves dayjs along (antd follows through LocaleProvider). */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(languageStorageKey, language);
  } catch {
    // Private browsing may refuse storage; the switch still applies to this tab.
  }
  dayjs.locale(dayjsLocale(language));
  document.documentElement.lang = language;
  setRequestLanguage(language);
  await i18n.changeLanguage(language);
}

export default i18n;
